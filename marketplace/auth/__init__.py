"""Logging in and out in the browser, and provider registration.

May import the domain packages (auction, clients, providers, privacy), realtime/, models and
extensions; never another blueprint. Today's exception, to move to a shared ui/ package: web/'s
socket_token and redirects."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes  # noqa: E402,F401
