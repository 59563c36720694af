"""Placeholder until the consultant pages land."""
from . import bp


@bp.get("/aanvragen")
def requests():
    return "consultant requests"


@bp.get("/aanvragen/nieuw")
def new_request():
    return "new"


@bp.get("/aanbieders")
def providers():
    return "providers"
