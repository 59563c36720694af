"""The consultant's pages.

May import the domain packages (auction, clients, providers, privacy), realtime/, ui/, models
and extensions; never another blueprint."""
from flask import Blueprint

bp = Blueprint("consultant", __name__)

from . import client_pages, provider_pages, request_pages, routes  # noqa: E402,F401
