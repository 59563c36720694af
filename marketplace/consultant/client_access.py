"""The client's own pages for the consultant: who opened the client's data, when and why (the
access log), and the inzage of AVG article 15 as a printable page and as a JSON download."""
import json

from flask import make_response, render_template

from ..clients import client_data, inzage
from ..extensions import db
from . import bp
from .guard import consultant_required, current_actor, own_request


@bp.get("/aanvragen/<int:request_id>/clientgegevens/logboek")
@consultant_required
def client_log(request_id: int):
    """Reading the log opens no personal data, so it is not itself logged."""
    req = own_request(request_id)
    entries = client_data.access_log(db.session, req.id)
    return render_template("consultant/client_log.html", req=req, entries=entries)


def _private(response):
    response.headers["Cache-Control"] = "no-store"  # personal data: keep it out of caches
    return response


@bp.get("/aanvragen/<int:request_id>/inzage")
@consultant_required
def client_export_page(request_id: int):
    req = own_request(request_id)
    document = inzage.export(db.session, current_actor(), request_id)
    return _private(make_response(render_template("consultant/inzage.html", doc=document, req=req)))


@bp.get("/aanvragen/<int:request_id>/inzage.json")
@consultant_required
def client_export_json(request_id: int):
    req = own_request(request_id)
    document = inzage.export(db.session, current_actor(), request_id)
    response = make_response(json.dumps(document, ensure_ascii=False, indent=2))
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = f'attachment; filename="inzage-{req.reference}.json"'
    return _private(response)
