"""The consultant's pages."""
from flask import Blueprint

bp = Blueprint("consultant", __name__)

from . import presenters, provider_pages, request_pages, routes  # noqa: E402,F401
