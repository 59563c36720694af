"""Pages for everyone: the home page, /healthz, the inbox, and the HTML error pages."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from . import routes  # noqa: E402,F401
