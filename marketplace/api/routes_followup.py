"""After the award, over JSON: the assignment, its start, reviews, complaints, review frequency and
end (switching provider), and the client's survey.

The survey is answered at POST /requests/<id>/survey, the contract's "POST …/survey" read with
"…" as everywhere in its section (the request), and at /requests/<id>/assignment/survey beside
the assignment's other calls: the same operation under both addresses."""
from flask import current_app, g, jsonify

from ..extensions import db
from ..followup import assignments, complaints, survey
from ..followup.views import assignment_view
from ..privacy import detection
from . import bp
from .auth import json_body, token_required


def _view(request_id: int, status: int = 200):
    return jsonify(assignment_view(db.session, g.actor, request_id)), status


@bp.get("/requests/<int:request_id>/assignment")
@token_required
def assignment(request_id: int):
    return _view(request_id)


@bp.post("/requests/<int:request_id>/assignment/start")
@token_required
def start(request_id: int):
    data = json_body()
    assignments.start(db.session, g.actor, request_id, data.get("started_on"), data.get("zrm"))
    return _view(request_id)


@bp.post("/requests/<int:request_id>/assignment/reviews")
@token_required
def review(request_id: int):
    data = json_body()
    assignments.add_review(db.session, g.actor, request_id, data.get("reviewed_on"), data.get("results"),
                           data.get("zrm"), data.get("note"))
    return _view(request_id, 201)


@bp.put("/requests/<int:request_id>/assignment/review-frequency")
@token_required
def review_frequency(request_id: int):
    assignments.set_review_frequency(db.session, g.actor, request_id, json_body().get("review_every_weeks"))
    return _view(request_id)


@bp.post("/requests/<int:request_id>/assignment/complaints")
@token_required
def complaint(request_id: int):
    data = json_body()
    made = complaints.register(db.session, g.actor, request_id, data.get("received_on"), data.get("about"),
                               data.get("summary"))
    return jsonify({**assignment_view(db.session, g.actor, request_id), "complaint_number": made.number}), 201


@bp.post("/requests/<int:request_id>/assignment/complaints/<int:number>/resolve")
@token_required
def resolve(request_id: int, number: int):
    data = json_body()
    complaints.resolve(db.session, g.actor, request_id, number, data.get("resolved_on"), data.get("resolution"))
    return _view(request_id)


@bp.post("/requests/<int:request_id>/assignment/end")
@token_required
def end(request_id: int):
    data = json_body()
    assignments.end(db.session, g.actor, request_id, data.get("ended_on"), data.get("reason"), data.get("note"))
    return _view(request_id)


@bp.post("/requests/<int:request_id>/survey")
@bp.post("/requests/<int:request_id>/assignment/survey")
@token_required
def answer_survey(request_id: int):
    data = json_body()
    scan = detection.scanner(current_app.config["PERSONAL_DATA_SCAN_WAIT"])
    response = survey.submit(db.session, g.actor, request_id, data.get("answers"), data.get("comment"),
                             data.get("on_behalf_of_client") is True, scan)
    return jsonify({"request_id": request_id, "submitted_at": response.submitted_at.isoformat(),
                    "on_behalf_of_client": response.on_behalf_of_client, "answers": response.answers}), 201
