"""The beheerder's API: the gemeente's catalogue with its tariff table, its settings, and the
e-mail that could not be delivered. Anyone but the gemeente's beheerder: 403."""
from flask import g, jsonify

from ..extensions import db
from ..gemeente import catalogue, settings
from ..gemeente.access import require_admin_of
from ..mail.outbox import failed_messages
from . import bp
from .auth import json_body, token_required


@bp.get("/catalogue")
@token_required
def get_catalogue():
    return jsonify(catalogue.read_catalogue(db.session, g.actor, g.actor.gemeente_id))


@bp.put("/catalogue")
@token_required
def put_catalogue():
    """The whole document, in the shape GET answers; answered as stored."""
    return jsonify(catalogue.replace_catalogue(db.session, g.actor, g.actor.gemeente_id, json_body()))


@bp.get("/settings")
@token_required
def get_settings():
    return jsonify(settings.read_settings(db.session, g.actor, g.actor.gemeente_id))


@bp.put("/settings")
@token_required
def put_settings():
    """The settings to change; one left out keeps its value."""
    return jsonify(settings.update_settings(db.session, g.actor, g.actor.gemeente_id, json_body()))


@bp.get("/mail/failed")
@token_required
def failed_mail():
    require_admin_of(g.actor, g.actor.gemeente_id)
    rows = failed_messages(db.session, g.actor.gemeente_id)
    return jsonify({"messages": [
        {"id": m.id, "to": m.to_address, "subject": m.subject, "template": m.template, "attempts": m.attempts,
         "last_error": m.last_error, "created_at": m.created_at.isoformat()} for m in rows]})
