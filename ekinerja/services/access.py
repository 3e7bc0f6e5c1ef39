"""Who may see whose monthly figures: one place for the rule every recap screen, document and API call uses."""

from ekinerja import clock
from ekinerja.rules.calendar import month_bounds
from ekinerja.services.positions import approvers_of

CITY_WIDE = ("admin", "verifikator", "keuangan")


def can_see_employee(user, pegawai, year, month):
    """Own data; subordinates' for their superior; an admin_skpd's own SKPD; everyone for city-wide roles."""
    if user.pegawai_id == pegawai.id or user.has_role(*CITY_WIDE):
        return True
    if user.has_role("admin_skpd") and user.skpd_id == pegawai.skpd_id:
        return True
    if not user.pegawai_id:
        return False
    first, last = month_bounds(year, month)
    day = min(last, max(first, clock.today()))
    return user.pegawai_id in approvers_of(pegawai.id, day)


def can_see_skpd(user, skpd):
    """An SKPD's recap list: city-wide roles see every SKPD, an admin_skpd their own."""
    return user.has_role(*CITY_WIDE) or (user.has_role("admin_skpd") and user.skpd_id == skpd.id)
