"""The JSON API (/api/v1) for providers' and gemeenten' own systems."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from . import errors, limits, routes_auth, routes_requests, routes_award, openapi  # noqa: E402,F401
