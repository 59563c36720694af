"""Pages for everyone: the home page, the language switch, /healthz and /readyz, the inbox, and
one's own settings.

May import the domain packages (auction, clients, providers, privacy, mail), realtime/, ui/,
models, extensions and limits; never another blueprint (the error pages and template helpers are ui/'s)."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from . import routes, settings_pages  # noqa: E402,F401
