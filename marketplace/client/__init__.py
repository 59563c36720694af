"""The client's pages.

May import the domain packages (auction, clients, followup, providers, privacy), realtime/, ui/,
models and extensions; never another blueprint."""
from flask import Blueprint

bp = Blueprint("client", __name__)

from . import routes, survey_pages  # noqa: E402,F401
