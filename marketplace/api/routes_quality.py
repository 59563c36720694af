"""Choosing on more than price, over JSON: a provider's record in the caller's gemeente, and the
consultant's assessment of an offer's plan of approach."""
from flask import g, jsonify

from ..extensions import db
from ..quality import assessments, record
from . import bp
from .auth import json_body, token_required


@bp.get("/providers/<int:organisation_id>/record")
@token_required
def provider_record(organisation_id: int):
    return jsonify(record.record_for_consultant(db.session, g.actor, organisation_id))


@bp.post("/requests/<int:request_id>/offers/<int:bid_id>/assessment")
@token_required
def assess_offer(request_id: int, bid_id: int):
    data = json_body()
    assessment = assessments.assess(db.session, g.actor, request_id, bid_id, data.get("approach"))
    return jsonify({"request_id": request_id, "bid_id": assessment.bid_id, "approach": assessment.approach})
