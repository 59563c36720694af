"""After the window, over JSON: client code, offers, the client's choice, the award."""
from flask import g, jsonify

from ..auction import award as awarding
from ..extensions import db
from . import bp
from .auth import json_body, token_required


@bp.post("/requests/<int:request_id>/client-code")
@token_required
def client_code(request_id: int):
    code, expires_at = awarding.create_client_code(db.session, g.actor, request_id)
    return jsonify({"code": code, "expires_at": expires_at.isoformat()}), 201


@bp.get("/requests/<int:request_id>/offers")
@token_required
def offers(request_id: int):
    req, offers = awarding.list_offers(db.session, g.actor, request_id)
    return jsonify({"request_id": req.id, "status": req.status, "chosen_bid_id": req.chosen_bid_id,
                    "offers": offers})


@bp.post("/requests/<int:request_id>/choice")
@token_required
def choice(request_id: int):
    data = json_body()
    req = awarding.record_choice(db.session, g.actor, request_id, data.get("bid_id"),
                                 data.get("on_behalf_of_client") is True)
    return jsonify({"status": req.status, "chosen_bid_id": req.chosen_bid_id})


@bp.post("/requests/<int:request_id>/award")
@token_required
def award(request_id: int):
    data = json_body()
    req = awarding.award(db.session, g.actor, request_id, data.get("bid_id"), data.get("motivation"))
    return jsonify({"status": req.status, "bid_id": req.awarded_bid_id})


@bp.get("/requests/<int:request_id>/award")
@token_required
def award_view(request_id: int):
    return jsonify(awarding.award_view(db.session, g.actor, request_id))
