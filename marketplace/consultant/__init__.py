"""The consultant's pages.

May import the domain packages (auction, clients, providers, privacy), realtime/, ui/, models
and extensions; never another blueprint."""
from flask import Blueprint

bp = Blueprint("consultant", __name__)

from . import admissions, client_access, request_detail, request_list  # noqa: E402,F401
