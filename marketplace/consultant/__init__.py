"""The consultant's pages.

May import the domain packages (auction, clients, providers, privacy), realtime/, models and
extensions; never another blueprint. Today's exceptions, to move to a shared ui/ package:
web/'s routes (date and status formatting), socket_token and wording."""
from flask import Blueprint

bp = Blueprint("consultant", __name__)

from . import client_pages, presenters, provider_pages, request_pages, routes  # noqa: E402,F401
