"""Placeholder until the provider pages land."""
from . import bp


@bp.get("/aanvragen")
def requests():
    return "provider requests"


@bp.get("/status")
def status():
    return "status"
