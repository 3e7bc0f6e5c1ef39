"""The demo people's personal data, derived deterministically from name and position: identity, duties, the plan."""

import datetime
import random
from typing import NamedTuple

from ekinerja.demo.city import CITY
from ekinerja.demo.duties import ADMINISTRATOR_DUTIES, LEADER_DUTIES, PENGAWAS_DUTIES, STAFF_DUTIES
from ekinerja.demo.shapes import CPNS_TMT, POSITION_START
from ekinerja.rules.abk import JAM_KERJA_EFEKTIF_TAHUNAN
from ekinerja.rules.golongan import GOLONGAN
from ekinerja.rules.nip import nip_errors, parse_nip

MINUTES_PER_PERSON = JAM_KERJA_EFEKTIF_TAHUNAN * 60
_GOLONGAN = list(GOLONGAN)

# Per eselon (None: staff): golongan range and birth years.
_RANK_RULES = {
    "II.a": ("IV/c", "IV/d", 1967, 1971),
    "II.b": ("IV/b", "IV/c", 1968, 1973),
    "III.a": ("IV/a", "IV/b", 1970, 1978),
    "III.b": ("III/d", "IV/a", 1973, 1980),
    "IV.a": ("III/b", "III/d", 1977, 1987),
}
# Per education: golongan at appointment, highest golongan as staff, age at appointment.
_EDUCATION = {
    "S2": ("III/b", "III/d", 27, 31),
    "S1": ("III/a", "III/c", 24, 29),
    "D3": ("II/c", "III/b", 22, 26),
    "SMA": ("II/a", "II/d", 19, 23),
}


def education(person):
    """Highest education shown by the titles: S2, S1, D3 or SMA."""
    tokens = [t.strip() for t in (person.gelar_belakang or "").split(",") if t.strip()]
    if any(t.startswith("M.") for t in tokens):
        return "S2"
    if person.gelar_depan in ("Drs.", "Dra.", "Ir.") or any(t.startswith("S.") for t in tokens):
        return "S1"
    if any(t.startswith("A.Md") for t in tokens):
        return "D3"
    return "SMA"


def _clamp_golongan(index, low, high):
    return _GOLONGAN[max(_GOLONGAN.index(low), min(_GOLONGAN.index(high), index))]


class Identity(NamedTuple):
    nip: str
    tanggal_lahir: datetime.date
    golongan: str
    status: str
    tmt: datetime.date


def identity(pos, person, taken_nips):
    """NIP, birth date, golongan and status of a person, derived deterministically from name and position."""
    status = "CPNS" if person.cpns else "PNS"
    if person.tetap:
        nip, golongan, _, _ = person.tetap
        decoded = parse_nip(nip)
        return Identity(nip, decoded.tanggal_lahir, golongan, status, decoded.tmt_cpns)
    rng = random.Random(f"{pos.kode}:{person.nama}")
    edu = education(person)
    start_gol, staff_max, age_min, age_max = _EDUCATION[edu]
    if person.cpns:
        year = rng.randint(1996, 2000)
        tmt_year, tmt_month = CPNS_TMT
    else:
        _, _, born_min, born_max = _RANK_RULES.get(pos.eselon, (None, None, 1984, 1994))
        year = rng.randint(born_min, born_max)
        # Appointed before the first position on record (2019 at the latest).
        earliest = min([POSITION_START] + [start for _, start, _ in person.riwayat])
        tmt_year = min(year + rng.randint(age_min, age_max), 2019, earliest.year - 1)
        tmt_month = rng.choice((1, 3, 4, 12))
    lahir = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    if person.cpns:
        golongan = start_gol
    else:
        steps = (POSITION_START.year - tmt_year) // 4
        low, high = _RANK_RULES[pos.eselon][:2] if pos.eselon else (start_gol, staff_max)
        golongan = _clamp_golongan(_GOLONGAN.index(start_gol) + steps, low, high)
    sex = "1" if person.jk == "L" else "2"
    seq = rng.randint(1, 999)
    while True:
        nip = f"{lahir:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}{seq:03d}"
        if nip not in taken_nips:
            break
        seq = seq % 999 + 1
    return Identity(nip, lahir, golongan, status, datetime.date(tmt_year, tmt_month, 1))


def duties_of(pos, org, units, rng):
    """The position's duty catalogue with volumes scaled to its workload: [(kode, uraian, satuan, norma, volume)]."""
    if pos.tugas:
        template = STAFF_DUTIES[pos.tugas]
    elif pos.kode.endswith("-0001"):
        template = LEADER_DUTIES
    elif pos.jenis == "administrator":
        template = ADMINISTRATOR_DUTIES
    else:
        template = PENGAWAS_DUTIES
    template = list(template) + list(pos.extra)
    place = units[pos.unit] if pos.unit else org.nama.removesuffix(" Kota Banda Aceh")
    needed = pos.kebutuhan if pos.kebutuhan is not None else len(pos.people) + rng.uniform(-0.3, 0.3)
    target = needed * MINUTES_PER_PERSON
    fixed = sum(d.volume * d.norma for d in template if d.tetap)
    variable = sum(d.volume * d.norma for d in template if not d.tetap)
    scale = max(target - fixed, variable * 0.05) / variable if variable else 1
    rows = []
    for i, duty in enumerate(template, start=1):
        volume = duty.volume if duty.tetap else max(1, round(duty.volume * scale))
        uraian = duty.uraian.format(org=place, unit=place)
        rows.append((f"T{i:02d}", uraian, duty.satuan, duty.norma, volume))
    return rows


def plan():
    """Every person with identity and machine ID, checked: [(org, pos, person, Identity, id_mesin)]."""
    reserved = {p.tetap[2] for org in CITY for pos in org.positions for p in pos.people if p.tetap}
    machine_ids = (str(n) for n in range(1, 10_000) if str(n) not in reserved)
    taken, rows = set(), []
    for org in CITY:
        for pos in org.positions:
            for person in pos.people:
                ident = identity(pos, person, taken)
                errors = nip_errors(ident.nip, ident.tanggal_lahir, person.jk)
                if errors:
                    raise AssertionError(f"demo NIP {ident.nip} of {person.nama}: {errors}")
                taken.add(ident.nip)
                id_mesin = person.tetap[2] if person.tetap else next(machine_ids)
                rows.append((org, pos, person, ident, id_mesin))
    return rows
