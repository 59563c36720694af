"""The consultant's pages."""
from flask import Blueprint

bp = Blueprint("consultant", __name__)

from . import routes  # noqa: E402,F401
