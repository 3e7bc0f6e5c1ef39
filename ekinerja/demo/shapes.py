"""The shapes of the demo city's literal data: duties, and the organisations, positions and people holding them."""

import datetime
from typing import NamedTuple

# Current positions are held since POSITION_START, the CPNS' since their appointment (CPNS_TMT, year and month);
# earlier positions on record end on EARLIER_END.
POSITION_START = datetime.date(2024, 1, 2)
CPNS_TMT = (2024, 3)
CPNS_START = datetime.date(2024, 3, 1)
EARLIER_END = datetime.date(2024, 1, 1)


class Duty(NamedTuple):
    uraian: str
    satuan: str
    norma: int
    volume: int
    # Periodic outputs (yearly, monthly, daily reports) keep their volume; case-driven ones scale with the load.
    tetap: bool = False


def D(uraian, satuan, norma, volume):
    return Duty(uraian, satuan, norma, volume)


def P(uraian, satuan, norma, volume):
    return Duty(uraian, satuan, norma, volume, True)


class Person(NamedTuple):
    nama: str
    jk: str
    gelar_depan: str | None = None
    gelar_belakang: str | None = None
    cpns: bool = False
    # Earlier, closed positions: (jabatan kode, mulai, selesai).
    riwayat: tuple = ()
    # Fixed identity (the people of shared/examples/pegawai.csv): nip, golongan, id_mesin, mulai.
    tetap: tuple | None = None


class Pos(NamedTuple):
    kode: str
    nama: str
    unit: str | None
    jenis: str
    eselon: str | None
    kelas: int
    atasan: str | None
    people: list
    tugas: str | None = None  # key of STAFF_DUTIES; structural positions use their level's catalogue
    extra: tuple = ()
    # People the workload needs (ABK); default: about the number of holders.
    kebutuhan: float | None = None


class Org(NamedTuple):
    kode: str
    nama: str
    singkatan: str
    units: list  # (kode, nama, induk kode or None)
    positions: list
