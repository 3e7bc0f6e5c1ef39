from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo

from forms.base import Form


class LoginForm(Form):
    username = StringField(
        "NIP / Nama pengguna", validators=[DataRequired(message="NIP atau nama pengguna wajib diisi.")]
    )
    password = PasswordField("Kata sandi", validators=[DataRequired(message="Kata sandi wajib diisi.")])


class ChangePasswordForm(Form):
    current = PasswordField(
        "Kata sandi sekarang", validators=[DataRequired(message="Kata sandi sekarang wajib diisi.")]
    )
    new = PasswordField("Kata sandi baru", validators=[DataRequired(message="Kata sandi baru wajib diisi.")])
    confirm = PasswordField(
        "Ulangi kata sandi baru",
        validators=[
            DataRequired(message="Ulangi kata sandi baru."),
            EqualTo("new", message="Kata sandi baru tidak sama."),
        ],
    )
