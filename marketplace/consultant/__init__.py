"""The consultant's pages."""
from flask import Blueprint

bp = Blueprint("consultant", __name__)

from . import client_pages, presenters, provider_pages, request_pages, routes  # noqa: E402,F401
