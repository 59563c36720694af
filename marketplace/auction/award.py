"""After the window: the client code, comparing offers, the client's choice, and the award."""
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..clients import client_data
from ..followup import assignments as followup
from ..models import ApiToken, Bid, ClientCode, Gemeente, Request
from ..quality import comparison
from . import states
from .access import get_visible_request, require_consultant_of
from .actors import Actor
from .bidding import load_bids, load_offers
from .changes import StandingsChanged
from .errors import DomainError, Text, invalid_state, not_found, validation_error
from .hashing import hash_secret
from .inputs import MAX_ID, Fields
from .money import format_eur
from .offers import Offer, is_ranked
from .records import audit, notify, organisation_users
from .standings import build_snapshot
from .transactions import locked_request, on_commit, server_now

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud at a kitchen table
MOTIVATION_MAX_LENGTH = 4000


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def create_client_code(session: Session, actor: Actor, request_id: int, hours: int | None = None):
    """A new one-time code, valid `hours` (by default the gemeente's client_code_hours); any
    earlier unused code of this request stops working, and so does every client token already
    redeemed from an earlier code: a consultant makes a new code when the old one may be in the
    wrong hands, and a token redeemed from it is those hands."""
    with locked_request(session, request_id) as request:
        require_consultant_of(actor, request)
        if not states.accepts_client_code(request.status, followup.has_started(session, request.id)):
            raise invalid_state(Text("Na de gunning kan een cliëntcode pas worden gemaakt als de hulp is begonnen: "
                                     "de cliënt vult dan de vragenlijst in.") if request.status == states.AWARDED
                                else Text("Een cliëntcode kan alleen worden gemaakt voor een lopende aanvraag."))
        now = server_now(session)
        for old in session.scalars(sa.select(ClientCode).where(
                ClientCode.request_id == request.id, ClientCode.used_at.is_(None))):
            old.used_at = now
        revoked = session.execute(
            sa.update(ApiToken).where(ApiToken.role == "client", ApiToken.request_id == request.id,
                                      ApiToken.revoked_at.is_(None)).values(revoked_at=now)).rowcount
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if hours is None:
            hours = session.scalar(sa.select(Gemeente.client_code_hours).where(Gemeente.id == request.gemeente_id))
        expires_at = now + timedelta(hours=hours)
        session.add(ClientCode(request_id=request.id, code_hash=hash_secret(raw), expires_at=expires_at,
                               created_at=now))
        audit(session, actor, "client_code_created", request, at=now, expires_at=expires_at.isoformat(),
              client_tokens_revoked=revoked)
    return f"{raw[:4]}-{raw[4:]}", expires_at


def redeem_client_code(session: Session, code: str) -> int:
    """Spend a client code; returns the request it opens. Unknown, used or expired: refused."""
    normalised = normalise_code(code)
    record = session.scalar(sa.select(ClientCode).where(ClientCode.code_hash == hash_secret(normalised)))
    now = server_now(session)
    if record is None or record.used_at is not None or record.expires_at <= now:
        raise DomainError("invalid_credentials", Text("Deze code is onbekend, al gebruikt of verlopen."))
    record.used_at = now
    request = session.get(Request, record.request_id)
    audit(session, Actor(kind="client", request_id=request.id), "client_code_redeemed", request, at=now)
    session.commit()
    return request.id


def offer_dict(bid: Bid, rank: int | None) -> dict:
    """An offer as the consultant and the client compare it; `suspended`: its organisation's
    approval was suspended, so it cannot be chosen or awarded (and has no rank)."""
    return {
        "bid_id": bid.id,
        "provider": {"id": bid.organisation_id, "name": bid.organisation.name},
        "price_cents": bid.price_cents,
        "price": format_eur(bid.price_cents),
        "start_date": bid.start_date.isoformat(),
        "approach": bid.approach,
        "revision": bid.revision,
        "rank": rank,
        "suspended": bool(bid.suspended),
    }


def list_offers(session: Session, actor: Actor, request_id: int) -> tuple[Request, list[dict]]:
    """The offers side by side, cheapest first, each with its provider's record and, when the
    request has award criteria, its score (quality.comparison); for the consultant and the
    client only."""
    request = get_visible_request(session, actor, request_id)
    if not (actor.is_consultant or actor.is_client):
        raise not_found()
    if request.status in ("cancelled", "no_offers"):
        raise invalid_state(
            Text("Er zijn geen aanbiedingen om te vergelijken: de aanvraag is geannuleerd.")
            if request.status == "cancelled"
            else Text("Er zijn geen aanbiedingen om te vergelijken: de aanvraag is gesloten zonder aanbiedingen."))
    if not states.offers_comparable(request.status):
        raise invalid_state(Text("De aanbiedingen zijn te zien zodra het bieden gesloten is."))
    loaded = load_bids(session, request.id)
    bids = {b.id: b for b in loaded}
    snapshot = build_snapshot(request, [Offer.of(b) for b in loaded])
    offers = [offer_dict(bids[o.bid_id], o.rank) for o in snapshot.active + snapshot.suspended]
    comparison.annotate(session, request, offers, {b.id: b.price_reached_at for b in loaded})
    return request, offers


def _refuse_if_suspended(bid: Bid) -> None:
    if bid.suspended:
        raise invalid_state(Text("De gemeente heeft deze aanbieder geschorst: deze aanbieding kan niet worden "
                                 "gekozen of gegund."))


def _offer_id(value) -> int:
    """The offer a caller names. JSON has one kind of number (7.0 is offer 7); a number past the
    database's integer range names no offer, and the database would refuse the query."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise validation_error({"bid_id": Text("Moet het nummer van een aanbieding zijn.")})
    return value


def _motivation(value) -> str:
    fields = Fields({"motivation": value})
    text = fields.text("motivation", required=False, max_length=MOTIVATION_MAX_LENGTH)
    fields.done()
    return text


def record_choice(session: Session, actor: Actor, request_id: int, bid_id, on_behalf: bool) -> Request:
    bid_id = _offer_id(bid_id)
    with locked_request(session, request_id) as request:
        if actor.is_client:
            if actor.request_id != request.id:
                raise not_found()
        else:
            require_consultant_of(actor, request)
            if not on_behalf:
                raise validation_error({"on_behalf_of_client":
                                        Text("Een consulent kiest alleen namens de cliënt (true).")})
        if not states.may_choose(request.status):
            raise invalid_state(Text("Er kan alleen worden gekozen nadat het bieden is gesloten en vóór de gunning."))
        bid = session.get(Bid, bid_id)
        if bid is None or bid.request_id != request.id or bid.status != "active":
            raise not_found(Text("Deze aanbieding hoort niet bij deze aanvraag."))
        _refuse_if_suspended(bid)
        now = server_now(session)
        request.chosen_bid_id = bid.id
        request.chosen_by = "client" if actor.is_client else "consultant"
        request.chosen_at = now
        request.status = "chosen"
        request.seq += 1
        audit(session, actor, "offer_chosen", request, at=now, bid_id=bid.id,
              on_behalf_of_client=not actor.is_client)
        on_commit(session, StandingsChanged(build_snapshot(request, load_offers(session, request.id)), "chosen"))
    return request


def _by_score(request: Request, compared: list[dict], winner_id: int) -> dict:
    """With award criteria, the chosen offer's score and the best score (for the refusal and the
    audit trail); without, nothing."""
    if not request.award_criteria:
        return {}
    chosen = next(o for o in compared if o["bid_id"] == winner_id)
    return {"score": chosen["score"], "best_score": max(o["score"] for o in compared if not o["suspended"])}


def award(session: Session, actor: Actor, request_id: int, bid_id, motivation) -> Request:
    bid_id = _offer_id(bid_id)
    motivation = _motivation(motivation)
    with locked_request(session, request_id) as request:
        require_consultant_of(actor, request)
        if not states.may_award(request.status):
            raise invalid_state(Text("Gunnen kan pas als de cliënt een aanbieding heeft gekozen."))
        if bid_id != request.chosen_bid_id:
            raise invalid_state(Text("Alleen de aanbieding die de cliënt koos kan worden gegund."))
        bids = load_bids(session, request.id)
        winner = next(b for b in bids if b.id == bid_id)
        _refuse_if_suspended(winner)
        lowest = min(b.price_cents for b in bids if is_ranked(b))
        compared = comparison.annotate(session, request, [offer_dict(b, None) for b in bids if b.status == "active"],
                                       {b.id: b.price_reached_at for b in bids})
        by_score = _by_score(request, compared, winner.id)
        if comparison.needs_motivation(request, compared, winner.id) and not motivation:
            raise DomainError("motivation_required",
                              Text("Deze aanbieding is niet de eerste op score: schrijf op waarom ze toch de beste "
                                   "keuze is.") if by_score else
                              Text("Deze aanbieding is niet de goedkoopste: schrijf op waarom ze toch de beste "
                                   "keuze is."),
                              lowest_price_cents=lowest, **by_score)
        now = server_now(session)
        request.status = "awarded"
        request.awarded_bid_id = winner.id
        request.award_motivation = motivation or None
        request.awarded_at = now
        request.seq += 1
        followup.create_for_award(session, request, winner, now)
        audit(session, actor, "request_awarded", request, at=now, bid_id=winner.id,
              price_cents=winner.price_cents, lowest_price_cents=lowest, **by_score, motivation=motivation or None)
        notify(session, organisation_users(session, [winner.organisation_id]), "awarded",
               Text("Gegund: %(reference)s", reference=request.reference),
               Text("De cliënt en de gemeente hebben voor uw aanbieding gekozen. U ziet nu de "
                    "contactgegevens van de cliënt."), f"/aanbieder/aanvragen/{request.id}",
               gemeente_id=request.gemeente_id)
        losers = {b.organisation_id for b in bids if b.id != winner.id}
        notify(session, organisation_users(session, losers), "not_chosen",
               Text("Niet gekozen: %(reference)s", reference=request.reference),
               Text("De cliënt en de gemeente hebben voor een andere aanbieding gekozen. Dank voor uw aanbieding."),
               f"/aanbieder/aanvragen/{request.id}", gemeente_id=request.gemeente_id)
        on_commit(session, StandingsChanged(build_snapshot(request, [Offer.of(b) for b in bids]), "awarded"))
    return request


def read_client(session: Session, actor: Actor, request: Request, reason: str) -> dict:
    """The client's data, for the gemeente's consultants (all of it) and the winner (name,
    address, phone) only; every read is written to the client's access log with its reason."""
    return client_data.read(session, actor, request, reason)


def award_view(session: Session, actor: Actor, request_id: int, reason: str = "award view") -> dict:
    """The award; the winner (and the consultant) also get the client's data, and that read is
    logged with `reason`."""
    request = get_visible_request(session, actor, request_id)
    if actor.is_provider:
        if request.status != "awarded":
            raise not_found()
        winner = session.get(Bid, request.awarded_bid_id)
        if winner.organisation_id != actor.organisation_id:
            raise not_found()
    elif actor.is_consultant:
        if request.status != "awarded":
            raise invalid_state(Text("Deze aanvraag is nog niet gegund."))
    else:
        raise not_found()
    winner = session.get(Bid, request.awarded_bid_id)
    body = {
        "request_id": request.id,
        "reference": request.reference,
        "status": request.status,
        "awarded_at": request.awarded_at.isoformat(),
        "motivation": request.award_motivation,
        "bid": offer_dict(winner, None),
    }
    body["client"] = read_client(session, actor, request, reason=reason)
    return body
