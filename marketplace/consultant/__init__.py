"""The consultant's pages.

May import the domain packages (auction, clients, followup, providers, privacy, quality), realtime/, ui/,
models and extensions; never another blueprint."""
from flask import Blueprint

bp = Blueprint("consultant", __name__)

from . import (  # noqa: E402,F401
    admissions,
    assignment_pages,
    client_access,
    offer_scores,
    request_detail,
    request_list,
)
