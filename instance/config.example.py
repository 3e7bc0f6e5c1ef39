# Copy to instance/config.py and adjust. Environment variables (DATABASE_URL, SECRET_KEY) win over this file.
# DATABASE_URL = "postgresql://ekinerja@127.0.0.1:5432/ekinerja"
# NAMA_PEMERINTAH = "PEMERINTAH KOTA BANDA ACEH"
# NAMA_KOTA = "Banda Aceh"
# BASE_URL = "https://ekinerja.bandaacehkota.go.id"
# SESSION_COOKIE_SECURE = True  # the login cookie only over HTTPS
