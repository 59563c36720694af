"""Stuurinformatie: the steering figures, their plots and the signals worth a look, for the
staff of a gemeente (its consultants and beheerders); anyone else gets 404.

May import the domain packages (figures, auction), ui/, models and extensions; never another
blueprint (links to the consultant's pages are made by endpoint name)."""
from flask import Blueprint

bp = Blueprint("steering", __name__)

from . import routes  # noqa: E402,F401
