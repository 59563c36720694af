"""The assignment's page for the consultant: its state, confirming the start, reviews per result
area with the ZRM, the review frequency, complaints, the end (switching provider leads to the
new draft), the survey on the client's behalf and the client code for it. Each action is a small
POST that calls one followup function; a refusal is shown on the form it belongs to."""
import re

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auction import award as awarding
from ..auction.errors import DomainError
from ..extensions import db
from ..followup import assignments, complaints, states, survey
from ..followup.views import assignment_view
from ..models import Organisation
from ..privacy import detection
from ..ui.errors import error_message, field_messages, plain_message
from . import bp
from .guard import consultant_required, current_actor, own_request

DUTCH_DAY = re.compile(r"^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$")


def day_value(value: str | None) -> str | None:
    """A date field as typed: the date picker's 2027-02-01, or 01-02-2027 where there is none."""
    match = DUTCH_DAY.match(value or "")
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return (value or "").strip() or None


def whole(value: str | None):
    """A chosen number as the domain reads it; anything else goes as typed, to be refused."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else value


def zrm_scores(prefix: str) -> dict | None:
    scores = {domain: whole(request.form.get(f"{prefix}-{domain}")) for domain in states.ZRM_DOMAINS}
    return {domain: score for domain, score in scores.items() if score != ""} or None


def render_assignment(req, status: int = 200, *, form: str | None = None, error: DomainError | None = None,
                      client_code=None):
    """The page; after a refusal, `form` names the form it belongs to, which keeps what was
    typed and shows the messages beside its fields."""
    view = assignment_view(db.session, current_actor(), req.id)
    messages = field_messages(error) if error is not None else {}
    ctx = {
        "req": req, "a": view, "states": states, "questions": survey.QUESTIONS, "scale": survey.SCALE,
        "client_code": client_code, "failed_form": form, "errors": messages,
        "general_error": error_message(error) if error is not None and not messages else None,
        "values": request.form if form else {},
        "can_start": states.may_start(view["status"]),
        "can_review": states.may_review(view["status"]),
        "can_end": view["status"] != states.ENDED,
        "open_complaints": [c for c in view["complaints"] if not c["resolved_on"]],
        "zrm_baseline": next((r["zrm"] for r in view["reviews"] if r["kind"] == "start" and r["zrm"]), None),
        "follow_up": view.get("follow_up_request_id"),
    }
    response = make_response(render_template("consultant/assignment.html", **ctx), status)
    if client_code:
        response.headers["Cache-Control"] = "no-store"
    return response


def _back(request_id: int):
    """To the assignment; to the request itself while there is none (before the award)."""
    if assignments.assignment_of(db.session, request_id) is None:
        return redirect(url_for("consultant.request_detail", request_id=request_id))
    return redirect(url_for("consultant.assignment", request_id=request_id))


def _refused(req, form: str, error: DomainError):
    """A form's refusal: its field messages beside the fields (422); a refusal of the action
    itself (its state) as a message at the top of the page."""
    db.session.rollback()
    if error.code in ("validation_error", "personal_data_detected"):
        return render_assignment(own_request(req.id), 422, form=form, error=error)
    flash(plain_message(error), "error")
    return _back(req.id)


@bp.get("/aanvragen/<int:request_id>/toewijzing")
@consultant_required
def assignment(request_id: int):
    return render_assignment(own_request(request_id))


@bp.post("/aanvragen/<int:request_id>/toewijzing/start")
@consultant_required
def assignment_start(request_id: int):
    req = own_request(request_id)
    try:
        assignments.start(db.session, current_actor(), request_id, day_value(request.form.get("started_on")),
                          zrm_scores("start-zrm"))
    except DomainError as error:
        return _refused(req, "start", error)
    flash(_("De start is vastgelegd. De eerste evaluatie staat gepland."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/toewijzing/evaluaties")
@consultant_required
def assignment_review(request_id: int):
    req = own_request(request_id)
    results = [{"code": area.code, "outcome": request.form[f"outcome-{area.code}"]}
               for area in req.result_areas if request.form.get(f"outcome-{area.code}")]
    try:
        assignments.add_review(db.session, current_actor(), request_id, day_value(request.form.get("reviewed_on")),
                               results, zrm_scores("review-zrm"), request.form.get("note"))
    except DomainError as error:
        return _refused(req, "review", error)
    flash(_("De evaluatie is vastgelegd."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/toewijzing/frequentie")
@consultant_required
def assignment_frequency(request_id: int):
    req = own_request(request_id)
    try:
        assignments.set_review_frequency(db.session, current_actor(), request_id,
                                         whole(request.form.get("review_every_weeks")))
    except DomainError as error:
        return _refused(req, "frequency", error)
    flash(_("De evaluatiefrequentie is aangepast."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/toewijzing/klachten")
@consultant_required
def assignment_complaint(request_id: int):
    req = own_request(request_id)
    try:
        made = complaints.register(db.session, current_actor(), request_id,
                                   day_value(request.form.get("received_on")), request.form.get("about"),
                                   request.form.get("summary"))
    except DomainError as error:
        return _refused(req, "complaint", error)
    flash(_("Klacht %(number)s is geregistreerd.", number=made.number), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/toewijzing/klachten/<int:number>/afhandelen")
@consultant_required
def assignment_resolve(request_id: int, number: int):
    req = own_request(request_id)
    try:
        complaints.resolve(db.session, current_actor(), request_id, number,
                           day_value(request.form.get("resolved_on")), request.form.get("resolution"))
    except DomainError as error:
        return _refused(req, f"resolve-{number}", error)
    flash(_("Klacht %(number)s is afgehandeld.", number=number), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/toewijzing/beeindigen")
@consultant_required
def assignment_end(request_id: int):
    req = own_request(request_id)
    try:
        ended = assignments.end(db.session, current_actor(), request_id, day_value(request.form.get("ended_on")),
                                request.form.get("reason"), request.form.get("note"))
    except DomainError as error:
        return _refused(req, "end", error)
    if ended.follow_up_request_id:
        provider = db.session.get(Organisation, ended.organisation_id).name
        flash(_("De toewijzing is beëindigd. Dit is de vervolgaanvraag voor dezelfde ondersteuningsvraag. "
                "Controleer haar en publiceer; %(provider)s kan er niet op bieden.", provider=provider), "success")
        return redirect(url_for("consultant.request_detail", request_id=ended.follow_up_request_id))
    flash(_("De toewijzing is beëindigd."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/toewijzing/vragenlijst")
@consultant_required
def assignment_survey(request_id: int):
    req = own_request(request_id)
    answers = {q.code: whole(request.form.get(f"answer-{q.code}")) for q in survey.QUESTIONS
               if request.form.get(f"answer-{q.code}")}
    try:
        scan = detection.scanner(current_app.config["PERSONAL_DATA_SCAN_WAIT"])
        survey.submit(db.session, current_actor(), request_id, answers, request.form.get("comment"), True, scan)
    except DomainError as error:
        return _refused(req, "survey", error)
    flash(_("De antwoorden van de cliënt zijn vastgelegd (ingevuld namens de cliënt)."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/toewijzing/clientcode")
@consultant_required
def assignment_client_code(request_id: int):
    req = own_request(request_id)
    assignment_view(db.session, current_actor(), request_id)  # before the award: no code from this page
    try:
        code, expires_at = awarding.create_client_code(db.session, current_actor(), request_id)
    except DomainError as error:
        db.session.rollback()
        flash(plain_message(error), "error")
        return _back(request_id)
    # Shown once, in this response only: the code is stored hashed and never in a cookie.
    return render_assignment(own_request(req.id), client_code={"code": code, "expires_at": expires_at})
