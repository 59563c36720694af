"""The provider's pages.

May import the domain packages (auction, clients, followup, providers, privacy), realtime/, ui/,
models and extensions; never another blueprint."""
from flask import Blueprint

bp = Blueprint("provider", __name__)

from . import admission, assignment_pages, bidding  # noqa: E402,F401
