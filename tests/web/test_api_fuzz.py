"""The API against its own OpenAPI description, fuzzed (Schemathesis): no server error, no answer outside it."""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

import ekinerja.api.documents  # noqa: F401  (adds its paths to the description)
import ekinerja.api.skp  # noqa: F401  (adds its paths to the description)
from ekinerja import clock
from ekinerja.api.openapi import described
from ekinerja.services import accounts
from tests import factories as f

schema = schemathesis.openapi.from_dict(described())
BASE = "http://localhost/api/v1"


@pytest.fixture
def tokens(app):
    f.rule_set(berlaku_mulai=datetime.date(2020, 1, 1))
    unit = f.skpd()
    boss_j = f.jabatan(unit, jenis="struktural", kelas_jabatan=10)
    staff_j = f.jabatan(unit, atasan=boss_j)
    staff, boss = f.pegawai(staff_j), f.pegawai(boss_j)
    f.tugas(staff_j, kode="ANJ-01", norma_waktu=30)
    f.entry(staff, clock.today())
    users = (f.user(pegawai=staff), f.user(pegawai=boss, roles=("pegawai", "verifikator")))
    return [{"Authorization": "Bearer " + accounts.issue_token(user, 1)[0]} for user in users]


@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_description(case, app, tokens):
    case.operation.app = case.operation.schema.app = (
        app  # the checks' own requests (other methods, no token) go to the app too
    )
    # A request the description allows may still break an entry rule (a date outside the input window): 422; and
    # the API ignores query parameters it does not know, as most do, so an extra one is no refusal. Every answer,
    # still, must be one the description lists, with its schema, and none a server error.
    excluded = [positive_data_acceptance, negative_data_rejection]
    for headers in tokens:
        case.call_and_validate(base_url=BASE, headers=headers, excluded_checks=excluded)
