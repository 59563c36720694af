"""Every API failure as the contract's error JSON: domain errors, HTTP errors, database outages."""
import logging

from flask import jsonify
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..auction.errors import DomainError, Text, database_unavailable
from ..extensions import db
from . import bp

log = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "payload_too_large", 415: "unsupported_media_type",
              429: "rate_limited"}
# Our own words, Dutch first like every page: Werkzeug's descriptions are English sentences
# about "the server" that tell an integrator nothing about this API.
HTTP_MESSAGES = {
    400: Text("Dit verzoek is niet te lezen."),
    401: Text("Geef een geldig token mee: Authorization: Bearer <token>."),
    403: Text("Dit mag u niet doen."),
    404: Text("Dit adres bestaat niet."),
    405: Text("Deze methode kan op dit adres niet worden gebruikt."),
    413: Text("Wat u verstuurde is te groot."),
    415: Text("Stuur de inhoud als JSON (Content-Type: application/json)."),
    429: Text("Te veel pogingen; probeer het over een minuut opnieuw."),
}
GENERAL_MESSAGE = Text("Dat lukte niet; er is niets veranderd.")


def error_response(error: DomainError):
    return jsonify({"error": error.to_dict()}), error.status


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    db.session.rollback()
    return error_response(error)


def api_http_error(error: HTTPException):
    status = error.code or 500
    body = {"code": HTTP_CODES.get(status, "http_error"), "message": HTTP_MESSAGES.get(status, GENERAL_MESSAGE)}
    if status == 429:
        body["retry_after"] = _retry_after(error)
    response = jsonify({"error": body})
    response.status_code = status
    # Keep what the error says in headers (Allow on a 405, Retry-After on a 429).
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _retry_after(error: HTTPException) -> int:
    """Seconds until the limit that refused (Flask-Limiter's, on logins) lets a call through
    again: at most its window, as every refusal under the contract's `rate_limited` says."""
    limit = getattr(getattr(error, "limit", None), "limit", None)
    try:
        return max(1, int(limit.get_expiry()))
    except (AttributeError, TypeError, ValueError):
        return 60


@bp.errorhandler(SQLAlchemyError)
def database_down(error):
    db.session.rollback()
    log.warning("database error on API call: %s", type(error).__name__)
    return error_response(database_unavailable())


def app_error(error):
    """An error on an API address that reached the app's handlers rather than this blueprint's
    (a path no API route matches): the same JSON, through the same renderers."""
    if isinstance(error, DomainError):
        return domain_error(error)
    if isinstance(error, SQLAlchemyError):
        return database_down(error)
    return api_http_error(error)


@bp.errorhandler(Exception)
def unexpected(error):
    if isinstance(error, HTTPException):
        return api_http_error(error)
    db.session.rollback()
    log.exception("unexpected API error")
    return jsonify({"error": {"code": "internal_error",
                              "message": "Er ging iets mis aan onze kant; er is niets veranderd."}}), 500
