"""Logging in and out in the browser, provider registration, and the pages behind the links
Zorgbod e-mails (password reset, invitation, new e-mail address).

May import the domain packages (auction, clients, gemeente, providers, privacy), realtime/, ui/, models,
extensions and limits; never another blueprint."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import password_pages, routes  # noqa: E402,F401
