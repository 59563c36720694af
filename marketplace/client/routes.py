"""Placeholder until the client pages land."""
from . import bp


@bp.get("/")
def start():
    return "client"
