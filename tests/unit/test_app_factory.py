"""The app factory: the installation's config, or instead the tests' own (flaskr's way)."""

from flask import Config

from ekinerja import create_app


def test_a_test_config_replaces_the_instance_config_and_the_environment(monkeypatch, tmp_path):
    read = []
    monkeypatch.setattr(Config, "from_pyfile", lambda self, name, silent=False: read.append(name))
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@192.0.2.1/elsewhere")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite3", "SECRET_KEY": "t"})
    assert read == []
    assert app.config["DATABASE_URL"].startswith("sqlite:///")


def test_without_a_test_config_the_instance_config_and_the_environment_apply(monkeypatch):
    read = []
    monkeypatch.setattr(Config, "from_pyfile", lambda self, name, silent=False: read.append(name))
    monkeypatch.setenv("DATABASE_URL", "sqlite:////nonexistent/from-env.sqlite3")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app()
    assert read == ["config.py"]
    assert app.config["DATABASE_URL"] == "sqlite:////nonexistent/from-env.sqlite3"


def test_the_clock_reads_the_installations_time_zone(monkeypatch, tmp_path):
    from ekinerja import clock

    monkeypatch.setattr(clock, "_zone", clock._zone)  # restored after the test: the zone is the process's
    url = f"sqlite:///{tmp_path}/t.sqlite3"
    create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "t", "TIMEZONE": "Asia/Jayapura"})
    jayapura = clock.now()
    create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "t", "TIMEZONE": "Asia/Jakarta"})
    jakarta = clock.now()
    assert round((jayapura - jakarta).total_seconds() / 3600) == 2  # WIT is WIB + 2 hours
