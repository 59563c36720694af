"""Requests and bids over JSON: create, publish, cancel, reopen, list, read, bid, withdraw."""
from flask import current_app, g, jsonify, request

from ..auction import states, support_requests
from ..auction.access import get_visible_request, visible_requests_query
from ..auction.bidding import current_snapshot
from ..auction.errors import DomainError
from ..auction.inputs import parse_bid
from ..auction.standings import view_for
from ..auction.transactions import server_now
from ..auction.withdrawal import withdraw_bid
from ..clients import screening
from ..extensions import db
from ..privacy import detection
from ..realtime.bid_turns import place_in_turn
from . import bp
from .auth import json_body, token_required


def _request_body(req, with_standings: bool = True) -> dict:
    names = support_requests.result_area_names(db.session, req.gemeente_id)
    body = support_requests.describe(req, names)
    now = server_now(db.session)
    body["server_time"] = now.isoformat()
    if with_standings:
        body["standings"] = view_for(current_snapshot(db.session, req), g.actor, now)
    return body


@bp.post("/requests")
@token_required
def create_request():
    req = support_requests.create_request(db.session, g.actor, json_body())
    return jsonify({"id": req.id, "reference": req.reference, "status": req.status}), 201


@bp.get("/requests")
@token_required
def list_requests():
    status = request.args.get("status")
    if status is not None and status not in states.ALL:
        raise DomainError("validation_error", "Onbekende status.",
                          fields={"status": "Kies een van: " + ", ".join(states.ALL)})
    rows = db.session.scalars(visible_requests_query(g.actor, status)).all()
    return jsonify({"requests": [_request_body(r, with_standings=False) for r in rows]})


@bp.get("/requests/<int:request_id>")
@token_required
def get_request(request_id: int):
    req = get_visible_request(db.session, g.actor, request_id)
    return jsonify(_request_body(req))


@bp.post("/requests/<int:request_id>/publish")
@token_required
def publish(request_id: int):
    """Optional body {"not_personal": [{"field", "text", "reason"}]}: findings the consultant
    has judged not personal data; anything else found is refused with personal_data_detected."""
    not_personal = screening.read_not_personal(json_body().get("not_personal"))
    scan = detection.scanner(current_app.config["PERSONAL_DATA_SCAN_WAIT"])
    req = support_requests.publish(db.session, g.actor, request_id, scan, not_personal)
    return jsonify({"status": req.status})


@bp.patch("/requests/<int:request_id>")
@token_required
def update_draft(request_id: int):
    """A draft's description, e.g. to take out what publishing found."""
    req = support_requests.update_draft(db.session, g.actor, request_id, json_body())
    return jsonify(_request_body(req, with_standings=False))


@bp.post("/requests/<int:request_id>/cancel")
@token_required
def cancel(request_id: int):
    req = support_requests.cancel(db.session, g.actor, request_id, json_body().get("reason"))
    return jsonify({"status": req.status})


@bp.post("/requests/<int:request_id>/reopen")
@token_required
def reopen(request_id: int):
    req = support_requests.reopen(db.session, g.actor, request_id, json_body())
    return jsonify({"status": req.status, "opens_at": req.opens_at.isoformat(),
                    "closes_at": req.closes_at.isoformat()})


@bp.post("/requests/<int:request_id>/bids")
@token_required
def bid(request_id: int):
    result = place_in_turn(db.session, g.actor, request_id, parse_bid(json_body()))
    return jsonify(result.body), 201


@bp.delete("/requests/<int:request_id>/bids/mine")
@token_required
def withdraw(request_id: int):
    return jsonify(withdraw_bid(db.session, g.actor, request_id))
