"""A simulated fingerprint machine speaking the ZKTeco ADMS (iClock push) protocol to the app.

It handshakes, pushes batches with repeats, unknown PINs, bad lines and a locked month's day, times out and re-sends;
an unknown serial number is refused and listed; the day's recap equals the one of importing the same scans as the
machine's attlog.dat.
"""

import datetime
import io
from pathlib import Path

import pytest

from ekinerja import clock
from ekinerja.models import (
    AuditLog,
    Mesin,
    MesinTakDikenal,
    PerintahMesin,
    Periode,
    Presensi,
    PresensiHarian,
    PresensiTertahan,
)
from ekinerja.services import devices, imports, recap
from tests import factories as f

DATA = Path(__file__).resolve().parent.parent / "data"
DT = datetime.datetime
TODAY = datetime.date(2026, 11, 20)
SERIAL = "CJDE193560123"


class SimulatedMachine:
    """A ZKTeco terminal in ADMS mode: what its firmware sends, and what it keeps until the server says OK."""

    def __init__(self, client, serial=SERIAL, key=None, prefix=""):
        self.client = client
        self.serial = serial
        self.key = key
        self.prefix = prefix
        self.pending = []  # lines not yet acknowledged
        self.stamp = 0

    def _url(self, path, **params):
        query = {"SN": self.serial, **params}
        if self.key:
            query["key"] = self.key
        return self.prefix + "/iclock/" + path, query

    def handshake(self):
        url, query = self._url("cdata", options="all", pushver="2.4.1", language="69")
        return self.client.get(url, query_string=query)

    def scan(self, pin, moment, status=0, verify=1):
        self.pending.append(f"{pin}\t{moment:%Y-%m-%d %H:%M:%S}\t{status}\t{verify}\t0\t0\t0\t0\t0\t0")

    def push(self, lines=None, table="ATTLOG"):
        """Push the pending lines (or these); on OK the machine forgets them and moves its stamp on."""
        body = "\n".join(self.pending if lines is None else lines) + "\n"
        self.stamp += 1
        url, query = self._url("cdata", table=table, Stamp=str(self.stamp))
        response = self.client.post(url, query_string=query, data=body.encode(), content_type="text/plain")
        if response.status_code == 200 and lines is None:
            self.pending = []
        return response

    def heartbeat(self):
        url, query = self._url("getrequest", INFO="Ver 8.0.4,10,0,120,192.168.1.201")
        return self.client.get(url, query_string=query)

    def answer(self, command_id, code=0, cmd="DATA"):
        url, query = self._url("devicecmd")
        body = f"ID={command_id}&Return={code}&CMD={cmd}\n"
        return self.client.post(url, query_string=query, data=body.encode(), content_type="text/plain")


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def city(today):
    """DPKAD with Zulfikar (machine ID 7) and Siti (12), the machine at its front office; Setda with its own."""
    own, other = f.skpd(kode="DPKAD", singkatan="DPKAD"), f.skpd(kode="SETDA", singkatan="SETDA")
    f.rule_set()
    job = f.jabatan(own)
    zulfikar = f.pegawai(job, nama="Zulfikar", id_mesin="7")
    siti = f.pegawai(job, nama="Siti", id_mesin="12")
    setda_person = f.pegawai(f.jabatan(other), nama="Rahmat", id_mesin="55")
    machine = Mesin.create(nomor_seri=SERIAL, skpd=own, lokasi="Lobi DPKAD")
    Mesin.create(nomor_seri="SETDA0001", skpd=other, lokasi="Lobi Setda")
    return {"own": own, "other": other, "zulfikar": zulfikar, "siti": siti, "setda": setda_person, "mesin": machine}


@pytest.fixture
def machine(client, city):
    return SimulatedMachine(client)


ATTLOG_DAY = [  # the scans of tests/data/attendance/attlog.dat: 2 November 2026
    ("7", DT(2026, 11, 2, 7, 21, 40)),
    ("7", DT(2026, 11, 2, 12, 2, 13)),
    ("7", DT(2026, 11, 2, 16, 4, 55)),
    ("12", DT(2026, 11, 2, 7, 48, 2)),
    ("12", DT(2026, 11, 2, 16, 31, 19)),
]


def scans():
    return sorted(Presensi.select(Presensi.pegawai, Presensi.waktu).tuples())


def held(alasan=None):
    query = PresensiTertahan.select().where(PresensiTertahan.selesai_pada.is_null()).order_by(PresensiTertahan.id)
    return [row for row in query if alasan is None or row.alasan == alasan]


def test_handshake_answers_the_options_with_the_stamps_held(machine):
    response = machine.handshake()
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    lines = text.splitlines()
    assert lines[0] == f"GET OPTION FROM: {SERIAL}"
    assert "ATTLOGStamp=0" in lines and "Realtime=1" in lines and "TimeZone=7" in lines
    assert "Delay=30" in lines and "TransInterval=1" in lines
    machine.scan("7", DT(2026, 11, 19, 7, 30))
    assert machine.push().get_data(as_text=True) == "OK: 1"
    assert f"ATTLOGStamp={machine.stamp}" in machine.handshake().get_data(as_text=True).splitlines()
    assert Mesin.get(Mesin.nomor_seri == SERIAL).terakhir_terlihat is not None


def test_a_push_is_taken_once_however_often_the_machine_resends_it(machine, city):
    for pin, moment in ATTLOG_DAY:
        machine.scan(pin, moment)
    lines = list(machine.pending)
    # The server stored the batch but the answer never reached the machine (a timeout): it sends it again.
    assert machine.push(lines).get_data(as_text=True) == "OK: 5"
    assert machine.push(lines).get_data(as_text=True) == "OK: 5"
    # After a restart it sends the batch again with one repeat inside and a new scan.
    machine.scan("7", DT(2026, 11, 2, 7, 21, 40))
    machine.scan("12", DT(2026, 11, 3, 7, 40))
    assert machine.push().get_data(as_text=True) == "OK: 7"
    assert len(scans()) == 6
    day = PresensiHarian.get(
        PresensiHarian.pegawai == city["zulfikar"], PresensiHarian.tanggal == datetime.date(2026, 11, 2)
    )
    assert (day.masuk, day.pulang) == (DT(2026, 11, 2, 7, 21, 40), DT(2026, 11, 2, 16, 4, 55))
    assert {p.sumber for p in Presensi.select()} == {f"mesin {SERIAL}"}
    stored = Mesin.get(Mesin.nomor_seri == SERIAL)
    assert (stored.scan_tanggal, stored.scan_hari_ini) == (TODAY, 6)
    # One audit entry per batch that stored something; the repeats changed nothing.
    entries = AuditLog.select().where(AuditLog.aksi == "terima_presensi").order_by(AuditLog.id)
    assert [e.rincian_data["ditambah"] for e in entries] == [5, 1]
    assert {e.pengguna for e in entries} == {f"mesin {SERIAL}"}


def test_unknown_pins_bad_lines_and_a_locked_month_are_kept_aside(machine, city):
    Periode.create(tahun=2026, bulan=10, status="DIKUNCI", versi=1)
    lines = [
        "7\t2026-11-04 07:30:00\t0\t1\t0\t0",
        "99\t2026-11-04 07:31:00\t0\t1\t0\t0",  # nobody has PIN 99
        "55\t2026-11-04 07:32:00\t0\t1\t0\t0",  # PIN 55 belongs to an employee of another SKPD
        "12\t2026-10-30 07:33:00\t0\t1\t0\t0",  # October is locked
        "12\t2026-11-31 07:34:00\t0\t1\t0\t0",  # no such day
        "sampah tanpa tab",
        "12\t2026-11-21 07:35:00\t0\t1\t0\t0",  # tomorrow: the machine's clock is wrong
        "",
    ]
    response = machine.push(lines)
    assert response.get_data(as_text=True) == "OK: 5"
    assert scans() == [(city["zulfikar"].id, DT(2026, 11, 4, 7, 30))]
    assert [(r.alasan, r.pin) for r in held()] == [
        ("pin", "99"),
        ("pin", "55"),
        ("belum_tiba", "12"),
        ("terkunci", "12"),
        ("rusak", None),
        ("rusak", None),
    ]
    rows = {(r.alasan, r.pin): r for r in held()}
    assert rows[("pin", "99")].baris == "99\t2026-11-04 07:31:00\t0\t1\t0\t0"
    assert rows[("pin", "99")].keterangan == "PIN 99 tidak terdaftar sebagai ID mesin pegawai SKPD mesin ini."
    assert "10-2026 sudah dikunci" in rows[("terkunci", "12")].keterangan
    assert "belum tiba" in rows[("belum_tiba", "12")].keterangan
    assert not PresensiHarian.select().where(PresensiHarian.tanggal == datetime.date(2026, 10, 30)).exists()
    assert "2 baris rusak" in Mesin.get(Mesin.nomor_seri == SERIAL).galat_terakhir
    # Sent again, nothing is kept aside twice.
    assert machine.push(lines).get_data(as_text=True) == "OK: 5"
    assert len(held()) == 6 and len(scans()) == 1


def test_a_mapped_pin_brings_its_held_scans_into_the_day_totals(machine, city):
    newcomer = f.pegawai(f.jabatan(city["own"]), nama="Pegawai Baru")
    machine.push(["31\t2026-11-05 07:10:00\t0\t1", "31\t2026-11-05 16:20:00\t0\t1"])
    assert len(held("pin")) == 2 and scans() == []
    entered = devices.map_pin("penguji", city["mesin"], "31", newcomer)
    assert entered == 2
    day = PresensiHarian.get(PresensiHarian.pegawai == newcomer)
    assert (day.masuk, day.pulang) == (DT(2026, 11, 5, 7, 10), DT(2026, 11, 5, 16, 20))
    assert [r.pegawai_id for r in PresensiTertahan.select()] == [newcomer.id, newcomer.id] and held() == []
    # The machine sends them again: now they are repeats.
    assert machine.push(["31\t2026-11-05 07:10:00\t0\t1"]).get_data(as_text=True) == "OK: 1"
    assert len(scans()) == 2


def test_a_held_locked_scan_enters_once_its_month_is_unlocked(machine, city):
    period = Periode.create(tahun=2026, bulan=10, status="DIKUNCI", versi=1)
    machine.push(["7\t2026-10-30 07:33:00\t0\t1"])
    [row] = held("terkunci")
    assert devices.enter_held("penguji", [row.id]) == 0 and held("terkunci")
    period.status = "TERBUKA"
    period.save()
    assert devices.enter_held("penguji", [row.id]) == 1
    assert scans() == [(city["zulfikar"].id, DT(2026, 10, 30, 7, 33))] and held() == []


def test_an_unknown_or_inactive_serial_number_is_refused_and_listed(client, city):
    stranger = SimulatedMachine(client, serial="ZZ999")
    stranger.scan("7", DT(2026, 11, 6, 7, 0))
    response = stranger.push()
    assert response.status_code == 403 and "belum terdaftar" in response.get_data(as_text=True)
    assert stranger.pending and scans() == []  # the machine keeps its scans until it is registered
    assert stranger.handshake().status_code == 403
    listed = MesinTakDikenal.get(MesinTakDikenal.nomor_seri == "ZZ999")
    assert listed.jumlah_permintaan == 2 and listed.alamat_ip == "127.0.0.1"
    Mesin.update(aktif=False).where(Mesin.nomor_seri == SERIAL).execute()
    own = SimulatedMachine(client)
    own.scan("7", DT(2026, 11, 6, 7, 0))
    response = own.push()
    assert response.status_code == 403 and "nonaktif" in response.get_data(as_text=True)
    assert scans() == [] and Mesin.get(Mesin.nomor_seri == SERIAL).galat_terakhir == f"Mesin {SERIAL} nonaktif."
    assert client.get("/iclock/getrequest").status_code == 400


def test_other_tables_are_taken_and_ignored(machine):
    response = machine.push(["USER PIN=7\tName=Zulfikar\tPri=0", "OPLOG 4\t0\t2026-11-06 08:00:00\t0"], table="OPERLOG")
    assert response.get_data(as_text=True) == "OK: 2"
    assert machine.push(["PIN=7\tName=Zulfikar"], table="USERINFO").get_data(as_text=True) == "OK: 1"
    assert scans() == [] and held() == []
    assert "OPERLOGStamp=1" in machine.handshake().get_data(as_text=True).splitlines()


def test_a_machine_with_a_secret_must_give_it(client, city):
    Mesin.update(kunci="rahasia-mesin-01").where(Mesin.nomor_seri == SERIAL).execute()
    assert SimulatedMachine(client).handshake().status_code == 401
    assert SimulatedMachine(client, key="salah-sekali").handshake().status_code == 401
    assert SimulatedMachine(client, key="rahasia-mesin-01").handshake().status_code == 200
    in_path = SimulatedMachine(client, prefix="/adms/rahasia-mesin-01")
    in_path.scan("7", DT(2026, 11, 6, 7, 0))
    assert in_path.push().get_data(as_text=True) == "OK: 1"
    assert Mesin.get(Mesin.nomor_seri == SERIAL).galat_terakhir == "Kunci mesin salah."


def test_requests_over_the_rate_limit_and_bodies_over_the_bound_are_refused(app, machine):
    app.config.update(ICLOCK_RATE_PER_MINUTE=3, ICLOCK_MAX_BYTES=200)
    try:
        big = machine.push(["7\t2026-11-06 07:00:00\t0\t1"] * 10)
        assert big.status_code == 413 and scans() == []
        assert [machine.heartbeat().status_code for _ in range(3)] == [200, 200, 429]
        assert "Terlalu banyak" in machine.heartbeat().get_data(as_text=True)
        # The count lives in the machine's row, shared by every app process; a new minute starts it again.
        Mesin.update(jendela_mulai=clock.now() - datetime.timedelta(minutes=2)).execute()
        assert machine.heartbeat().status_code == 200
    finally:
        app.config.update(ICLOCK_RATE_PER_MINUTE=120, ICLOCK_MAX_BYTES=1024 * 1024)


def test_a_queued_reupload_is_sent_with_the_heartbeat_and_its_answer_recorded(machine, city):
    assert machine.heartbeat().get_data(as_text=True) == "OK"
    command = devices.queue_reupload("admin", city["mesin"], datetime.date(2026, 11, 1))
    text = machine.heartbeat().get_data(as_text=True)
    assert text == f"C:{command.id}:DATA QUERY ATTLOG StartTime=2026-11-01 00:00:00\tEndTime=2026-11-20 23:59:59"
    assert machine.heartbeat().get_data(as_text=True) == "OK"  # sent once
    assert machine.answer(command.id).get_data(as_text=True) == "OK"
    answered = PerintahMesin.get_by_id(command.id)
    assert answered.selesai_pada is not None and answered.hasil == "Return=0 CMD=DATA"
    # Another machine cannot answer for it.
    other = SimulatedMachine(machine.client, serial="SETDA0001")
    second = devices.queue_reboot("admin", city["mesin"])
    other.answer(second.id)
    assert PerintahMesin.get_by_id(second.id).selesai_pada is None
    with pytest.raises(devices.DeviceError):
        devices.queue_reupload("admin", city["mesin"], datetime.date(2026, 11, 21))


def test_the_days_recap_equals_the_one_from_importing_the_same_scans_as_attlog(client, city):
    machine = SimulatedMachine(client)
    for pin, moment in ATTLOG_DAY:
        machine.scan(pin, moment)
    machine.push()
    pushed_days = list(PresensiHarian.select().order_by(PresensiHarian.pegawai, PresensiHarian.tanggal).dicts())
    pushed, _ = recap.compute_month(2026, 11, skpd_id=city["own"].id, today=TODAY)
    Presensi.delete().execute()
    PresensiHarian.delete().execute()
    attlog = (DATA / "attendance" / "attlog.dat").read_bytes()
    imports.import_file("presensi", io.BytesIO(attlog), "attlog.dat", "penguji")
    imported_days = list(PresensiHarian.select().order_by(PresensiHarian.pegawai, PresensiHarian.tanggal).dicts())
    imported, _ = recap.compute_month(2026, 11, skpd_id=city["own"].id, today=TODAY)
    assert [{k: v for k, v in d.items() if k != "id"} for d in pushed_days] == [
        {k: v for k, v in d.items() if k != "id"} for d in imported_days
    ]
    assert pushed == imported and len(pushed_days) == 2


def test_the_endpoints_need_no_csrf_token_though_the_app_checks_it(app, machine):
    assert app.config["WTF_CSRF_ENABLED"]
    response = machine.push(["7\t2026-11-06 07:00:00\t0\t1"])
    assert response.status_code == 200 and response.mimetype == "text/plain"
