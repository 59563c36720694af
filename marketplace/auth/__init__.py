"""Logging in and out in the browser, and provider registration.

May import the domain packages (auction, clients, providers, privacy), realtime/, ui/, models,
extensions and limits; never another blueprint."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes  # noqa: E402,F401
