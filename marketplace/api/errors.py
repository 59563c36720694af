"""Every API failure as the contract's error JSON: domain errors, HTTP errors, database outages."""
import logging

from flask import jsonify
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..auction.errors import DomainError
from ..extensions import db
from . import bp

log = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
              429: "rate_limited"}


def error_response(error: DomainError):
    return jsonify({"error": error.to_dict()}), error.status


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    db.session.rollback()
    return error_response(error)


def api_http_error(error: HTTPException):
    message = "Te veel pogingen; probeer het over een minuut opnieuw." if error.code == 429 \
        else (error.description or error.name)
    return jsonify({"error": {"code": HTTP_CODES.get(error.code, "http_error"),
                              "message": message}}), error.code


@bp.errorhandler(SQLAlchemyError)
def database_down(error):
    db.session.rollback()
    log.warning("database error on API call: %s", type(error).__name__)
    return error_response(DomainError("service_unavailable",
                                      "De database is even niet bereikbaar; er is niets veranderd."))


@bp.errorhandler(Exception)
def unexpected(error):
    if isinstance(error, HTTPException):
        return api_http_error(error)
    db.session.rollback()
    log.exception("unexpected API error")
    return jsonify({"error": {"code": "internal_error",
                              "message": "Er ging iets mis aan onze kant; er is niets veranderd."}}), 500
