"""The client's pages: enter the one-time code, compare the offers, choose one, stop.

The client holds a token scoped to one request; it lives only in the signed session cookie,
never in a URL. The domain (marketplace.auction.award) decides what may be seen and chosen."""
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

from ..auction import award, states
from ..auction.access import get_visible_request
from ..auction.errors import DomainError
from ..extensions import db, limiter
from ..followup.survey import opens_for_client
from ..i18n import translate
from ..providers.accounts import actor_for_token, issue_token, revoke_token
from . import bp
from .forms import ChoiceForm, CodeForm

TOKEN_KEY = "client_token"


@bp.context_processor
def client_helpers():
    return {"client_active": bool(session.get(TOKEN_KEY))}


def _client_actor():
    """The client this browser speaks for, or None (and a stale token is dropped)."""
    raw = session.get(TOKEN_KEY)
    actor = actor_for_token(db.session, raw) if raw else None
    if actor is None or not actor.is_client:
        session.pop(TOKEN_KEY, None)
        return None
    return actor


def _forget() -> None:
    raw = session.pop(TOKEN_KEY, None)
    if raw:
        revoke_token(db.session, raw)


def _to_start(message: str | None = None):
    flash(message or _("Vul eerst uw code in."), "info")
    return redirect(url_for(".start"))


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def start():
    form = CodeForm()
    if form.validate_on_submit():
        try:
            request_id = award.redeem_client_code(db.session, form.code.data)
        except DomainError as error:
            db.session.rollback()
            form.code.errors.append(_("%(reason)s Kijk of u de code goed heeft overgenomen. Lukt het niet? "
                                      "Vraag uw consulent om een nieuwe code.", reason=translate(error.message)))
        else:
            _forget()
            raw, _token = issue_token(db.session, "client", current_app.config["CLIENT_CODE_HOURS"],
                                 request_id=request_id)
            session[TOKEN_KEY] = raw
            # After the start of the help, a code is for the survey, not for choosing again.
            return redirect(url_for(".survey_page" if opens_for_client(db.session, request_id) else ".offers"))
    busy = _client_actor() is not None
    return render_template("client/start.html", form=form, busy=busy), 422 if form.errors else 200


def _offers_for(actor):
    """(request, offers) or (request, None) while the offers cannot be shown yet."""
    request = get_visible_request(db.session, actor, actor.request_id)
    try:
        return award.list_offers(db.session, actor, actor.request_id)
    except DomainError as error:
        if error.code != "invalid_state":
            raise
        return request, None


def _client_offers():
    """(request, offers, None), or (None, None, a redirect to the start) when the client's
    token is gone or no longer opens the request."""
    actor = _client_actor()
    if actor is None:
        return None, None, _to_start()
    try:
        request, offer_list = _offers_for(actor)
    except DomainError:
        _forget()
        return None, None, _to_start(_("Deze code geeft geen toegang meer. Vraag uw consulent om een nieuwe code."))
    return request, offer_list, None


@bp.get("/aanbiedingen")
def offers():
    request, offer_list, restart = _client_offers()
    if restart is not None:
        return restart
    if offer_list is None:
        return render_template("client/waiting.html", req=request)
    awarded = next((o for o in offer_list if o["bid_id"] == request.awarded_bid_id), None)
    chosen = next((o for o in offer_list if o["bid_id"] == request.chosen_bid_id), None)
    return render_template("client/offers.html", req=request, offers=offer_list, chosen=chosen,
                           awarded=awarded, can_choose=states.may_choose(request.status))


@bp.post("/kies")
def choose():
    actor = _client_actor()
    if actor is None:
        return _to_start()
    form = ChoiceForm()
    if not form.validate():
        flash(_("Dat lukte niet. Druk op de knop onder de aanbieding die u wilt."), "error")
        return redirect(url_for(".offers"))
    try:
        award.record_choice(db.session, actor, actor.request_id, form.bid_id.data, on_behalf=False)
    except DomainError as error:
        db.session.rollback()
        flash(_("Uw keuze is niet opgeslagen. %(reason)s", reason=translate(error.message)), "error")
        return redirect(url_for(".offers"))
    return redirect(url_for(".chosen"))


@bp.get("/gekozen")
def chosen():
    request, offer_list, restart = _client_offers()
    if restart is not None:
        return restart
    choice = next((o for o in offer_list or [] if o["bid_id"] == request.chosen_bid_id), None)
    if choice is None:
        return redirect(url_for(".offers"))
    return render_template("client/chosen.html", req=request, choice=choice,
                           awarded=request.status == "awarded")


@bp.post("/stoppen")
def stop():
    # CSRFProtect has checked the form's token before we get here; nothing else to read.
    _forget()
    flash(_("U bent gestopt. Uw gegevens staan niet meer op dit scherm. Wilt u later verder? "
            "Vraag uw consulent om een nieuwe code."), "info")
    return redirect(url_for(".start"))
