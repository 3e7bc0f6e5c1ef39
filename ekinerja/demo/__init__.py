"""The demo city: Banda Aceh's five pilot SKPD of e-Kinerja PNS (1 March 2012), ready to click through.

Everything here is deterministic: the same rows on every run, except that holidays, the Ramadan schedule,
targets and the rule set belong to the current year, and the month of daily entries (LKH) in every status is
the one before today. People and their NIPs are fictional. The package sits above the services: it seeds through
their verbs and rules, and no service imports it.
"""

from ekinerja.demo.attendance import seed_attendance
from ekinerja.demo.city import EXAMPLE_STAFF, EXAMPLE_SUPERIOR, TREASURERS
from ekinerja.demo.entries import day_blocks, seed_activity
from ekinerja.demo.seeding import DemoConflict, renstra_period, seed

__all__ = [
    "EXAMPLE_STAFF",
    "EXAMPLE_SUPERIOR",
    "TREASURERS",
    "DemoConflict",
    "day_blocks",
    "renstra_period",
    "seed",
    "seed_activity",
    "seed_attendance",
]
