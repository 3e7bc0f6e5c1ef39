"""The base of every custom form: CSRF from Flask-WTF and WTForms' own messages in Indonesian."""

from flask_wtf import FlaskForm

from ekinerja.i18n import catalogue


class IndonesianTranslations:
    def __init__(self):
        self._catalogue = catalogue("wtforms")

    def gettext(self, string):
        return self._catalogue.gettext(string)

    def ngettext(self, singular, plural, n):
        return self._catalogue.ngettext(singular, plural, n)


TRANSLATIONS = IndonesianTranslations()


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS
