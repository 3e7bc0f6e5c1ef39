"""Who may see whose monthly figures: one place for the rule every recap screen, document and API call uses."""

from ekinerja import clock
from ekinerja.models import Pegawai, Skpd
from ekinerja.rules.calendar import days_between, month_bounds
from ekinerja.services.positions import approvers_of, positions_led

CITY_WIDE = ("admin", "verifikator", "keuangan")
# Who downloads the ZIP of an SKPD's slips, for the SKPDs whose recap list they see (can_see_skpd): the treasury
# (keuangan) pays them, an admin_skpd hands them out, the admin.
SLIP_ZIP_ROLES = ("admin", "admin_skpd", "keuangan")


def can_see_employee(user, pegawai, year, month):
    """Own data; subordinates' for their superior on some day of it; an admin_skpd's own SKPD; city-wide roles all."""
    if user.pegawai_id == pegawai.id or user.has_role(*CITY_WIDE):
        return True
    if user.has_role("admin_skpd") and user.skpd_id == pegawai.skpd_id:
        return True
    if not user.pegawai_id:
        return False
    # Their superior on any day of the month so far: whoever decided some of its entries (a superior who has
    # moved on, a Plt or Plh for some days) may see the month they decided in.
    first, last = month_bounds(year, month)
    end = min(last, max(first, clock.today()))
    led_days = {day for _, a, b in positions_led(user.pegawai_id, first, end) for day in days_between(a, b)}
    return any(user.pegawai_id in approvers_of(pegawai.id, day) for day in sorted(led_days, reverse=True))


def can_see_skpd(user, skpd):
    """An SKPD's recap list: city-wide roles see every SKPD, an admin_skpd their own."""
    return user.has_role(*CITY_WIDE) or (user.has_role("admin_skpd") and user.skpd_id == skpd.id)


def employee_for(user, nip, year, month):
    """The employee of a NIP (default: the user's own) if the user may see their month, else None."""
    if not nip:
        return user.pegawai if user.pegawai_id else None
    pegawai = Pegawai.get_or_none(Pegawai.nip == str(nip).strip())
    if pegawai is None or not can_see_employee(user, pegawai, year, month):
        return None
    return pegawai


def visible_skpds(user):
    """The active SKPDs whose recap lists this user may see, by code."""
    return [s for s in Skpd.select().where(Skpd.aktif).order_by(Skpd.kode) if can_see_skpd(user, s)]


def skpd_for(user, kode):
    """The SKPD of a code if the user may see its recap list, else None."""
    skpd = Skpd.get_or_none(Skpd.kode == kode) if kode else None
    if skpd is None or not can_see_skpd(user, skpd):
        return None
    return skpd
