"""The JSON API (/api/v1) for providers' and gemeenten' own systems.

May import the domain packages (auction, clients, providers, privacy, gemeente, mail, quality), realtime/,
models, extensions and limits (the login throttles it shares with the login page); never another
blueprint, and not ui/, which is the pages' (create_app hands the pages' error handler this
package's JSON renderer for API addresses no route matches)."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from . import (  # noqa: E402,F401
    errors,
    limits,
    openapi,
    routes_admin,
    routes_auth,
    routes_award,
    routes_evidence,
    routes_followup,
    routes_quality,
    routes_requests,
    routes_staff,
    routes_stats,
)
