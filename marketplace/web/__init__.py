"""Pages for everyone: the home page, the language switch, /healthz and the inbox.

May import the domain packages (auction, clients, providers, privacy), realtime/, ui/, models
and extensions; never another blueprint (the error pages and template helpers are ui/'s)."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from . import routes  # noqa: E402,F401
