"""A refusal as a page shows it, each form written once: a DomainError's message in the
reader's language, its field messages put onto a form, and the error page (a domain refusal,
an HTTP error, the database outage).

The domain writes Dutch Text (msgid plus values); marketplace.i18n.translate renders one
message, and a validation error's summary is rebuilt here from its translated field messages,
so no Dutch is left inside it."""
import logging
import re

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..auction.errors import DomainError, Text, database_unavailable, field_summary
from ..auction.money import format_eur
from ..extensions import db
from ..i18n import translate

log = logging.getLogger(__name__)
SUMMARY = "Controleer de invoer. %(summary)s"  # the msgid of errors.validation_error's message
API_PREFIX = "/api/"


def field_messages(error: DomainError) -> dict[str, str]:
    """A validation error's per-field messages, translated; {} for any other error."""
    fields = error.extra.get("fields") if error.code == "validation_error" else None
    return {name: translate(message) for name, message in (fields or {}).items()}


def error_message(error: DomainError) -> str:
    """The error's message in the reader's language."""
    message = error.message
    fields = field_messages(error)
    if fields and isinstance(message, Text) and message.msgid == SUMMARY:
        return _("Controleer de invoer. %(summary)s", summary=field_summary(fields))
    return translate(message)


def plain_message(error: DomainError) -> str:
    """The error in one line for a flash message: its field messages, or else its message."""
    fields = field_messages(error)
    return " ".join(fields.values()) if fields else error_message(error)


_NUMBER = re.compile(r"\b(\d+)\b")


def cents_message(message: str) -> str:
    """The domain states limits of *_cents fields in cents; show them as euros (a Text keeps
    its msgid, with its whole-number values written as euros)."""
    if isinstance(message, Text):
        return Text(message.msgid, **{name: format_eur(value) if isinstance(value, int) else value
                                      for name, value in message.params.items()})
    return _NUMBER.sub(lambda m: format_eur(int(m.group(1))), message)


def apply_domain_error(form, error: DomainError, field_map: dict | None = None,
                       cents_fields: tuple = ()) -> list[str]:
    """Attach each field message of a validation_error to the matching form field, in the
    reader's language. Returns the messages that belong to no field (shown above the form)."""
    field_map = field_map or {}
    fields = error.extra.get("fields") if error.code == "validation_error" else None
    if not fields:
        return [error_message(error)]
    general = []
    for name, message in fields.items():
        if name in cents_fields:
            message = cents_message(message)
        message = translate(message)
        target = field_map.get(name, name)
        field = getattr(form, target, None) if target else None
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(message)
        else:
            general.append(message)
    return general


def domain_error_page(error: DomainError):
    db.session.rollback()
    return render_template("web/error.html", status=error.status, message=error_message(error)), error.status


def http_error_page(error: HTTPException):
    messages = {404: _("Deze pagina bestaat niet of u heeft er geen toegang toe."),
                400: _("Het formulier is verlopen of onvolledig. Probeer het opnieuw."),
                405: _("Deze pagina kan zo niet worden gebruikt. Ga terug en probeer het opnieuw."),
                413: _("Wat u verstuurde is te groot."),
                429: _("Te veel pogingen. Wacht een minuut en probeer het opnieuw.")}
    # Werkzeug's own descriptions are English; every other case gets a general sentence.
    general = _("Dat lukte niet. Er is niets veranderd; probeer het opnieuw.")
    return render_template("web/error.html", status=error.code,
                           message=messages.get(error.code, general)), error.code


def database_error_page(error: SQLAlchemyError):
    db.session.rollback()
    log.warning("database error: %s", type(error).__name__)
    return render_template("web/error.html", status=503, message=error_message(database_unavailable())), 503


def init_app(app, api_error) -> None:
    """Errors that reach the app (not one blueprint's handlers) become pages; on an API address
    (one no API route matches, say) they go to `api_error`, the API's JSON renderer, which
    create_app hands in so that the pages and the API never import each other."""
    def for_pages(page):
        def handler(error):
            return api_error(error) if request.path.startswith(API_PREFIX) else page(error)
        handler.__name__ = page.__name__
        return handler

    app.register_error_handler(DomainError, for_pages(domain_error_page))
    app.register_error_handler(HTTPException, for_pages(http_error_page))
    app.register_error_handler(SQLAlchemyError, for_pages(database_error_page))
