"""The client's pages."""
from flask import Blueprint

bp = Blueprint("client", __name__)

from . import routes  # noqa: E402,F401
