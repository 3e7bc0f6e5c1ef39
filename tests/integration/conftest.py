import pytest


@pytest.fixture(autouse=True)
def _fresh_database(app):
    """Every test here starts on empty tables, before any fixture of its own builds data."""
