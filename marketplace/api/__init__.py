"""The JSON API (/api/v1) for providers' and gemeenten' own systems.

May import the domain packages (auction, clients, providers, privacy), realtime/, models,
extensions and limits (the login throttles it shares with the login page); never another
blueprint, and not ui/, which is the pages' (create_app hands the pages' error handler this
package's JSON renderer for API addresses no route matches)."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from . import errors, limits, openapi, routes_auth, routes_award, routes_requests  # noqa: E402,F401
