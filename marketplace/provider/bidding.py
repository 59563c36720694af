"""The provider's request list and live bidding page. Thin: forms in, domain calls, pages out;
every rule (window, price, step, eligibility) is decided by marketplace.auction."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..auction import states, withdrawal
from ..auction.access import get_visible_request, visible_requests_query
from ..auction.actors import actor_for_user
from ..auction.errors import DomainError
from ..extensions import db, login
from ..i18n import translate
from ..models import Request
from ..realtime.bid_turns import place_in_turn
from ..ui.socket_token import socket_token_for
from . import bp
from .bidding_view import detail_context, received_message
from .forms import BidForm, WithdrawForm
from .queries import own_bids_by_request


@bp.before_request
def providers_only():
    """Every provider page needs a logged-in provider; anyone else is told it does not exist."""
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.is_provider:
        abort(404)
    return None


def _actor():
    return actor_for_user(current_user)


def _visible(actor, request_id: int):
    try:
        return get_visible_request(db.session, actor, request_id)
    except DomainError:
        abort(404)


@bp.get("/aanvragen")
def requests():
    actor = _actor()
    rows = db.session.scalars(visible_requests_query(actor).options(selectinload(Request.category))).all()
    mine = own_bids_by_request(db.session, actor.organisation_id, [r.id for r in rows])
    current = sorted((r for r in rows if states.window_is_live(r.status)), key=lambda r: r.closes_at)
    past = [r for r in rows if not states.window_is_live(r.status)]
    return render_template("provider/requests.html", current=current, past=past, mine=mine)


def _render(actor, request_id: int, bid_form: BidForm | None = None, withdraw_form: WithdrawForm | None = None,
            answer: str | None = None, status: int = 200):
    """The bidding page; a submitted form keeps what the user typed and its errors."""
    req = _visible(actor, request_id)
    ctx = detail_context(db.session, actor, req)
    if bid_form is None:
        bid_form = BidForm(formdata=None)
        bid_form.prefill(ctx["my_bid"])
    withdraw_form = withdraw_form or WithdrawForm(formdata=None, prefix="withdraw")
    token = socket_token_for(current_user) if ctx["live"] else None
    return render_template("provider/request.html", bid_form=bid_form, withdraw_form=withdraw_form,
                           socket_token=token, answer=answer, **ctx), status


@bp.route("/aanvragen/<int:request_id>", methods=["GET", "POST"])
def request_detail(request_id: int):
    """GET: the live page. POST (without JavaScript): place or revise the offer."""
    actor = _actor()
    _visible(actor, request_id)
    form = BidForm()
    if not form.is_submitted():
        return _render(actor, request_id)
    if not form.validate():
        return _render(actor, request_id, bid_form=form,
                       answer=_("Uw aanbieding is niet verwerkt. Controleer de gemarkeerde velden."), status=422)
    try:
        result = place_in_turn(db.session, actor, request_id, form.to_input())
    except DomainError as error:
        db.session.rollback()
        answer = form.show_refusal(error)
        return _render(actor, request_id, bid_form=form, answer=answer,
                       status=409 if error.code == "not_found" else error.status)
    flash(received_message(result.body["bid"]), "success")
    return redirect(url_for(".request_detail", request_id=request_id) + "#uw-aanbieding")


@bp.post("/aanvragen/<int:request_id>/intrekken")
def withdraw(request_id: int):
    actor = _actor()
    _visible(actor, request_id)
    form = WithdrawForm(prefix="withdraw")
    if not form.validate():
        return _render(actor, request_id, withdraw_form=form, status=422)
    try:
        withdrawal.withdraw_bid(db.session, actor, request_id)
    except DomainError as error:
        db.session.rollback()
        form.confirm.errors = [translate(error.message)]
        return _render(actor, request_id, withdraw_form=form,
                       status=409 if error.code == "not_found" else error.status)
    flash(_("Uw aanbieding is ingetrokken. In deze biedronde kunt u niet opnieuw bieden."),
          "success")
    return redirect(url_for(".request_detail", request_id=request_id))
