"""One way to refuse: the reasons by field, in Indonesian, which the screens, the API and the CLI each render one way.

Screens put each reason on its form field and flash the others (ekinerja.web.show_refusal); the API answers 422
with {"errors": {field: message}}, or 409 with {"error": message} for a Conflict; the CLI prints the reasons and
exits with status 1.
"""

from collections.abc import Mapping

WHOLE = ""  # the field of a reason about the request as a whole


class Refused(ValueError):
    """Something the product will not do; errors: {field: message} ("" for the request as a whole)."""

    status = 422

    def __init__(self, errors: Mapping[str, str] | str, field: str = WHOLE):
        self.errors = {field: errors} if isinstance(errors, str) else dict(errors)
        super().__init__("; ".join(self.errors.values()))


class Conflict(Refused):
    """Refused because of the state something is in (a month already locked, a period already open)."""

    status = 409
