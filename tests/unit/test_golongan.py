import pytest

from ekinerja.rules.golongan import GOLONGAN, is_valid_golongan, pangkat


def test_there_are_17_golongan_in_rank_order_from_i_a_to_iv_e():
    assert list(GOLONGAN) == [
        "I/a", "I/b", "I/c", "I/d",
        "II/a", "II/b", "II/c", "II/d",
        "III/a", "III/b", "III/c", "III/d",
        "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("golongan", "expected"),
    [
        ("I/a", "Juru Muda"),
        ("I/b", "Juru Muda Tingkat I"),
        ("I/c", "Juru"),
        ("I/d", "Juru Tingkat I"),
        ("II/a", "Pengatur Muda"),
        ("II/b", "Pengatur Muda Tingkat I"),
        ("II/c", "Pengatur"),
        ("II/d", "Pengatur Tingkat I"),
        ("III/a", "Penata Muda"),
        ("III/b", "Penata Muda Tingkat I"),
        ("III/c", "Penata"),
        ("III/d", "Penata Tingkat I"),
        ("IV/a", "Pembina"),
        ("IV/b", "Pembina Tingkat I"),
        ("IV/c", "Pembina Utama Muda"),
        ("IV/d", "Pembina Utama Madya"),
        ("IV/e", "Pembina Utama"),
    ],
)
def test_each_golongan_has_its_pangkat(golongan, expected):
    assert is_valid_golongan(golongan) is True
    assert pangkat(golongan) == expected


@pytest.mark.parametrize("golongan", ["III/e", "iii/a", "III/A", "III a", " III/a", "V/a", "", None])
def test_unknown_golongan_is_invalid(golongan):
    assert is_valid_golongan(golongan) is False
    with pytest.raises(ValueError, match="Golongan tidak dikenal"):
        pangkat(golongan)
