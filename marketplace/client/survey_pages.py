"""The client's survey: six plain questions about the help, each answered with one of five large
buttons, and an optional comment; once, after the help has started. A client code made then
leads here (routes.start) instead of to the offers. Works without JavaScript, by keyboard and
with a screen reader: a fieldset per question, a radio input under each button's label."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auction.access import get_visible_request
from ..auction.errors import DomainError
from ..extensions import db
from ..followup import survey
from ..followup.assignments import assignment_of
from ..i18n import translate
from ..privacy import detection
from ..ui.errors import field_messages
from . import bp
from .routes import _client_actor, _forget, _to_start


def _answers() -> dict:
    """The chosen buttons as the domain reads them; an unchosen question is left out, so the
    domain names it."""
    answers = {}
    for question in survey.QUESTIONS:
        value = (request.form.get(f"answer-{question.code}") or "").strip()
        if value:
            answers[question.code] = int(value) if value.isdigit() and len(value) < 3 else value
    return answers


def _page(req, status: int = 200, errors: dict | None = None, general: str | None = None):
    assignment = assignment_of(db.session, req.id)
    if not survey.opens_for_client(db.session, req.id):
        state = "not_yet"
    elif survey.response_of(db.session, assignment.id) is not None:
        state = "done"
    else:
        state = "form"
    return render_template("client/survey.html", req=req, state=state, questions=survey.QUESTIONS,
                           scale=survey.SCALE, errors=errors or {}, general_error=general,
                           values=request.form if errors or general else {},
                           comment_max=survey.COMMENT_MAX_LENGTH), status


def _client_request():
    """(actor, request, None), or (None, None, a redirect to the start)."""
    actor = _client_actor()
    if actor is None:
        return None, None, _to_start()
    try:
        return actor, get_visible_request(db.session, actor, actor.request_id), None
    except DomainError:
        _forget()
        return None, None, _to_start(_("Deze code geeft geen toegang meer. Vraag uw consulent om een nieuwe code."))


@bp.get("/vragenlijst")
def survey_page():
    _actor, req, restart = _client_request()
    if restart is not None:
        return restart
    return _page(req)


@bp.post("/vragenlijst")
def survey_answer():
    actor, req, restart = _client_request()
    if restart is not None:
        return restart
    try:
        scan = detection.scanner(current_app.config["PERSONAL_DATA_SCAN_WAIT"])
        survey.submit(db.session, actor, req.id, _answers(), request.form.get("comment"), False, scan)
    except DomainError as error:
        db.session.rollback()
        req = get_visible_request(db.session, actor, actor.request_id)
        if error.code == "validation_error":
            return _page(req, 422, errors=field_messages(error))
        if error.code == "personal_data_detected":
            return _page(req, 422, errors={"comment": translate(error.message)})
        if error.code == "service_unavailable":
            return _page(req, 503, general=translate(error.message))
        flash(translate(error.message), "error")
        return redirect(url_for(".survey_page"))
    return redirect(url_for(".survey_page"))
