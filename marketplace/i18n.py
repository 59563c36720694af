"""Languages: Dutch first, English second.

The Dutch text in the code and templates is the catalogue's msgid; only an English catalogue
exists (marketplace/translations/en), compiled by `make setup`. The reader's choice lives in
a cookie, set by the language switch; without one every page is Dutch, whatever the
browser asks for, because Dutch is the language of the gemeente's decisions."""
from flask import request
from flask_babel import Babel, get_locale, gettext

from .auction.errors import Text

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT = "nl"
COOKIE = "taal"

babel = Babel()


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE) if request else None
    return chosen if chosen in LANGUAGES else DEFAULT


def language() -> str:
    return str(get_locale() or DEFAULT)


def translate(message) -> str:
    """A domain message (Dutch) in the reader's language, when the catalogue knows it."""
    if isinstance(message, Text):
        return gettext(message.msgid, **message.params)
    return gettext(message) if message else message


def notification_text(note, part: str) -> str:
    """A notification's subject or body in the reader's language (stored Dutch as fallback)."""
    stored = (note.wording or {}).get(part)
    if stored:
        msgid, values = stored
        return gettext(msgid, **values)
    return getattr(note, part)


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale, default_locale=DEFAULT,
                   default_timezone="Europe/Amsterdam")
    # {% trans %} blocks are extracted trimmed (babel.cfg); render them trimmed too, or the
    # rendered msgid would not match the catalogue's.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # The templates' helpers (current_language, translate, ...) are registered with the others
    # in marketplace.ui.init_app.
