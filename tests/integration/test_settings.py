"""The settings the app hands to services and documents, read from its config in ekinerja.settings."""

import os
import pickle

from ekinerja import settings
from ekinerja.db import database_url
from reports.data import Heading


def test_settings_follow_the_app_config_at_the_time_of_the_call(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES", 3)
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)
    monkeypatch.setitem(app.config, "NAMA_KOTA", "Sabang")
    monkeypatch.setitem(app.config, "NAMA_PEMERINTAH", "")
    assert settings.login_policy(app) == (3, app.config["LOGIN_LOCK_MINUTES"])
    assert settings.evidence_store(app) == (app.config["UPLOAD_FOLDER"], 1024)
    assert settings.heading(app) == Heading(nama_kota="Sabang")  # an empty name keeps config.py's
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", None)
    assert settings.evidence_store(app).folder == os.path.join(app.instance_path, "bukti")


def test_batch_settings_carry_a_picklable_verification_link_on_the_public_address(app, monkeypatch):
    run = settings.batch(app, "https://ekinerja.example.go.id/")
    assert run.database_url == database_url(app)
    assert pickle.loads(pickle.dumps(run)).verify_url("Ab_-9")  # noqa: S301 - our own bytes == "https://ekinerja.example.go.id/verifikasi/Ab_-9"
    assert settings.batch(app).verify_url("x") == settings.DEFAULT_BASE_URL + "/verifikasi/x"
    monkeypatch.setitem(app.config, "BASE_URL", "https://kota.go.id/ekinerja/")
    assert settings.batch(app).verify_url("x") == "https://kota.go.id/ekinerja/verifikasi/x"
    with app.test_request_context("/portal/", base_url="https://intra.kota.go.id"):
        assert settings.batch(app).verify_url("x") == "https://intra.kota.go.id/verifikasi/x"
