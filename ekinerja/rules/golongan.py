"""Golongan ruang and pangkat of civil servants (PP 99/2000)."""

# Ordered from lowest to highest: list order is rank order.
GOLONGAN: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}


def is_valid_golongan(s) -> bool:
    """Whether s is exactly one of the golongan codes (case and spacing matter)."""
    return isinstance(s, str) and s in GOLONGAN


def pangkat(golongan: str) -> str:
    """The pangkat name of a golongan code, e.g. 'III/a' -> 'Penata Muda'."""
    if not is_valid_golongan(golongan):
        raise ValueError(f"Golongan tidak dikenal: {golongan!r}.")
    return GOLONGAN[golongan]
