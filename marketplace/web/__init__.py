"""Pages for everyone: the home page, /healthz, the inbox, and the HTML error pages.

May import the domain packages (auction, clients, providers, privacy), realtime/, models and
extensions; never another blueprint. Today web/ holds what the page blueprints share (wording,
socket_token, redirects: for a ui/ package) and its error pages use api/'s JSON error renderer."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from . import routes  # noqa: E402,F401
