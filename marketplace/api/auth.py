"""Bearer-token authentication for the API."""
from functools import wraps

from flask import g, request

from ..auction.errors import DomainError
from ..extensions import db
from ..providers.accounts import actor_for_token


def current_actor():
    header = request.headers.get("Authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else None
    actor = actor_for_token(db.session, raw)
    if actor is None:
        raise DomainError("unauthorized", "Geef een geldig token mee: Authorization: Bearer <token>.")
    return actor


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        g.actor = current_actor()
        return view(*args, **kwargs)
    return wrapper


def json_body() -> dict:
    """The request's JSON object; a missing or malformed body is a validation error."""
    data = request.get_json(silent=True)
    if data is None:
        if request.get_data():
            raise DomainError("validation_error", "De inhoud is geen geldige JSON.",
                              fields={"body": "Geen geldige JSON."})
        return {}
    if not isinstance(data, dict):
        raise DomainError("validation_error", "Verwacht een JSON-object.", fields={"body": "Verwacht een JSON-object."})
    return data
