"""WSGI entry point: `flask run`, `flask <command>` and WSGI servers find the app here."""

from ekinerja import create_app

app = create_app()
