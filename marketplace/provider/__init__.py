"""The provider's pages.

May import the domain packages (auction, clients, providers, privacy), realtime/, models and
extensions; never another blueprint. Today's exceptions, to move to a shared ui/ package:
web/'s socket_token and client/'s wording (countdown)."""
from flask import Blueprint

bp = Blueprint("provider", __name__)

from . import routes, status_routes  # noqa: E402,F401
