"""One request's page and its actions: publish, cancel, reopen, client code, the client's
choice on their behalf, the award, and showing the client's details. Each action is a small
POST that calls one domain function and shows its refusal in the reader's language."""
from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auction import audit_chain, states, support_requests
from ..auction import award as awarding
from ..auction.bidding import current_snapshot, load_bids
from ..auction.errors import DomainError
from ..auction.standings import consultant_view
from ..auction.transactions import server_now
from ..clients import client_data, retention
from ..extensions import db
from ..models import Gemeente
from ..privacy import detection
from ..ui.errors import apply_domain_error, error_message, plain_message
from ..ui.socket_token import socket_token_for
from . import bp
from .forms import ActionForm, AwardForm, CancelForm, ChoiceForm, ReopenForm
from .guard import consultant_required, current_actor, own_request
from .offer_scores import comparison_context
from .queries import actor_names, audit_trail, complexity_names
from .screening_view import finding_rows, judgements_from, marked


def render_detail(req, status: int = 200, *, cancel_form=None, reopen_form=None, award_form=None,
                  client_code=None, show_client=False, screening=None):
    actor = current_actor()
    ctx = {"req": req, "client_code": client_code, "screening": screening,
           "cancellable": states.may_cancel(req.status), "code_allowed": states.accepts_client_code(req.status),
           "cancel_form": cancel_form or CancelForm(formdata=None),
           "reopen_form": reopen_form or ReopenForm(formdata=None),
           "award_form": award_form or AwardForm(formdata=None)}
    ctx["described"] = support_requests.describe(
        req, support_requests.result_area_names(db.session, req.gemeente_id))
    ctx["complexity"] = complexity_names(req.gemeente_id)
    ctx["extended"] = req.closes_at != req.original_closes_at
    if states.window_is_live(req.status):
        ctx["standings"] = consultant_view(current_snapshot(db.session, req), server_now(db.session))
        ctx["socket_token"] = socket_token_for(current_user)
    offers = []
    if states.offers_comparable(req.status):
        _request, offers = awarding.list_offers(db.session, actor, req.id)
    ctx["offers"] = offers
    ctx["lowest"] = min((o["price_cents"] for o in offers if not o["suspended"]), default=None)
    ctx["chosen"] = next((o for o in offers if o["bid_id"] == req.chosen_bid_id), None)
    ctx["winner"] = next((o for o in offers if o["bid_id"] == req.awarded_bid_id), None)
    ctx.update(comparison_context(req, offers))  # scores, records, assessments, and the motivation rule
    ctx.update(client_context(actor, req, read=req.status == "awarded" or show_client))
    events = audit_trail(req.id)
    ctx["events"] = events
    ctx["audit_break"] = audit_chain.check_chain(f"request {req.id}", events, req.audit_head)
    ctx["actor_names"] = actor_names(events)
    ctx["bid_names"] = {b.id: b.organisation.name for b in load_bids(db.session, req.id)}
    ctx["now"] = server_now(db.session)
    response = make_response(render_template("consultant/request_detail.html", **ctx), status)
    if client_code or ctx["client"]:
        response.headers["Cache-Control"] = "no-store"  # a code or personal data: keep it out of caches
    return response


def client_context(actor, req, read: bool) -> dict:
    """The client section: the data when asked for (a logged read), whether it was erased, and
    until when it is kept. A key that opens nothing is said in the section, not as an error page."""
    record = client_data.record_of(db.session, req.id)
    months = db.session.get(Gemeente, req.gemeente_id).client_data_retention_months
    ctx = {"client": None, "client_error": None, "client_record": record, "retention_months": months,
           "kept_until": retention.erase_after(req, months, retention.offered_start(db.session, req))}
    if read and record is not None and record.erased_at is None:
        try:
            ctx["client"] = awarding.read_client(db.session, actor, req, reason="consultant request page")
        except client_data.ClientDataUnreadable as error:
            db.session.rollback()
            ctx["client_error"] = error_message(error)
    return ctx


def _back(request_id: int):
    return redirect(url_for("consultant.request_detail", request_id=request_id))


def _refused(error: DomainError, request_id: int):
    """A refusal that belongs to no form field: say why on the request's page."""
    db.session.rollback()
    flash(plain_message(error), "error")
    return _back(request_id)


@bp.get("/aanvragen/<int:request_id>")
@consultant_required
def request_detail(request_id: int):
    return render_detail(own_request(request_id))


@bp.post("/aanvragen/<int:request_id>/publiceren")
@consultant_required
def publish_request(request_id: int):
    own_request(request_id)
    if not ActionForm().validate_on_submit():
        return _back(request_id)
    judged, said = judgements_from(request.form)
    try:
        scan = detection.scanner(current_app.config["PERSONAL_DATA_SCAN_WAIT"])
        req = support_requests.publish(db.session, current_actor(), request_id, scan, judged)
    except DomainError as error:
        if error.code == "personal_data_detected":
            return refused_for_personal_data(request_id, error, said)
        return _refused(error, request_id)
    flash(_("De aanvraag is gepubliceerd en staat open voor aanbiedingen.") if req.status == "open"
          else _("De aanvraag is gepubliceerd en opent op het geplande tijdstip."), "success")
    return _back(request_id)


def refused_for_personal_data(request_id: int, error: DomainError, said: dict | None = None):
    """The draft's page again, with each finding marked in the text and a box per finding."""
    db.session.rollback()
    rows = finding_rows(error.extra["findings"], said)
    req = own_request(request_id)
    return render_detail(req, 422, screening={"rows": rows, "marked": marked(req.description or "", rows)})


@bp.post("/aanvragen/<int:request_id>/omschrijving")
@consultant_required
def update_description(request_id: int):
    own_request(request_id)
    if not ActionForm().validate_on_submit():
        return _back(request_id)
    try:
        support_requests.update_draft(db.session, current_actor(), request_id,
                                      {"description": request.form.get("description", "")})
    except DomainError as error:
        return _refused(error, request_id)
    flash(_("De omschrijving is opgeslagen. Publiceer opnieuw; de tekst wordt dan opnieuw gecontroleerd."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/annuleren")
@consultant_required
def cancel_request(request_id: int):
    req = own_request(request_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return render_detail(req, 422, cancel_form=form)
    try:
        support_requests.cancel(db.session, current_actor(), request_id, form.reason.data)
    except DomainError as error:
        if error.code != "validation_error":
            return _refused(error, request_id)
        db.session.rollback()
        apply_domain_error(form, error)
        return render_detail(own_request(request_id), 422, cancel_form=form)
    flash(_("De aanvraag is geannuleerd. Aanbieders die een aanbieding deden krijgen bericht."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/heropenen")
@consultant_required
def reopen_request(request_id: int):
    req = own_request(request_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        return render_detail(req, 422, reopen_form=form)
    try:
        support_requests.reopen(db.session, current_actor(), request_id,
                                {"opens_at": form.opens_at.data, "closes_at": form.closes_at.data})
    except DomainError as error:
        if error.code != "validation_error":
            return _refused(error, request_id)
        db.session.rollback()
        for message in apply_domain_error(form, error):
            form.opens_at.errors.append(message)
        return render_detail(own_request(request_id), 422, reopen_form=form)
    flash(_("De aanvraag heeft een nieuwe biedtermijn."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/clientcode")
@consultant_required
def client_code(request_id: int):
    own_request(request_id)
    if not ActionForm().validate_on_submit():
        return _back(request_id)
    try:
        code, expires_at = awarding.create_client_code(db.session, current_actor(), request_id)
    except DomainError as error:
        return _refused(error, request_id)
    # Shown once, in this response only: the code is stored hashed and never in a cookie.
    return render_detail(own_request(request_id), client_code={"code": code, "expires_at": expires_at})


@bp.post("/aanvragen/<int:request_id>/keuze")
@consultant_required
def record_choice(request_id: int):
    own_request(request_id)
    form = ChoiceForm()
    if not form.validate_on_submit() or form.bid_id.data is None:
        flash(_("Kies een aanbieding uit de lijst."), "error")
        return _back(request_id)
    try:
        awarding.record_choice(db.session, current_actor(), request_id, form.bid_id.data, on_behalf=True)
    except DomainError as error:
        return _refused(error, request_id)
    flash(_("De keuze van de cliënt is vastgelegd. Controleer de aanbieding en gun haar."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/gunnen")
@consultant_required
def award_request(request_id: int):
    own_request(request_id)
    form = AwardForm()
    if not form.validate_on_submit() or form.bid_id.data is None:
        flash(_("Er is geen gekozen aanbieding om te gunnen."), "error")
        return _back(request_id)
    try:
        awarding.award(db.session, current_actor(), request_id, form.bid_id.data, form.motivation.data)
    except DomainError as error:
        if error.code == "motivation_required":
            db.session.rollback()
            form.motivation.errors.append(error_message(error))
            return render_detail(own_request(request_id), 422, award_form=form)
        if error.code == "validation_error":
            db.session.rollback()
            for message in apply_domain_error(form, error):
                form.motivation.errors.append(message)
            return render_detail(own_request(request_id), 422, award_form=form)
        return _refused(error, request_id)
    flash(_("De aanvraag is gegund. De aanbieder ziet nu de contactgegevens van de cliënt; "
            "de andere aanbieders horen dat ze niet gekozen zijn."), "success")
    return _back(request_id)


@bp.post("/aanvragen/<int:request_id>/clientgegevens")
@consultant_required
def show_client(request_id: int):
    req = own_request(request_id)
    if not ActionForm().validate_on_submit():
        return _back(request_id)
    return render_detail(req, show_client=True)
