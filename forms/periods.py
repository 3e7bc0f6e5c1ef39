"""Locking a month before its approval deadline, or leaving SKPDs out of its pay: why; before the deadline also
the month's name typed as confirmation."""

from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from forms.base import Form

# Typed instead of the month's name, for those who would rather not spell it.
LOCK_WORD = "KUNCI"


class LockForm(Form):
    alasan = TextAreaField(
        "Alasan mengunci",
        validators=[Optional(), Length(max=500)],
        description="Disimpan dalam log audit penguncian.",
    )
    konfirmasi = StringField(
        "Konfirmasi", validators=[Optional(), Length(max=50)], description=f"Ketik nama bulannya atau {LOCK_WORD}."
    )

    def confirms(self, month_name):
        """Whether the confirmation names the month (any case, spaces around ignored) or is the lock word."""
        typed = " ".join((self.konfirmasi.data or "").split()).casefold()
        return typed in (month_name.casefold(), LOCK_WORD.casefold())
