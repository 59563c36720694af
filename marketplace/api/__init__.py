"""The JSON API (/api/v1) for providers' and gemeenten' own systems.

May import the domain packages (auction, clients, providers, privacy), realtime/, models and
extensions; never another blueprint. Today's exception, to move to a shared ui/ package: the
login limits from auth/limits.py."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from . import errors, limits, openapi, routes_auth, routes_award, routes_requests  # noqa: E402,F401
