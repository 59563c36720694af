"""The beheerder's pages (functioneel beheerder of one gemeente): the catalogue, the tariff
table, the minimum requirements, the staff, the settings and the mail that could not be sent.

May import the domain packages (gemeente, auction, providers, mail), ui/, models and
extensions; never another blueprint."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import catalogue_pages, guard, mail_pages, settings_pages, staff_pages  # noqa: E402,F401
