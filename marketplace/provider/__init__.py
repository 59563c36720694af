"""The provider's pages."""
from flask import Blueprint

bp = Blueprint("provider", __name__)

from . import routes, status_routes  # noqa: E402,F401
