"""Placing, revising and withdrawing an offer: the one place that decides whether a bid counts."""
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from ..models import Bid, BidRevision, IdempotencyRecord, Organisation, Request
from ..models.bids import offer_suspended
from . import rules
from .access import eligibility
from .actors import Actor
from .admission import admit_bidder, require_role
from .changes import StandingsChanged, WindowScheduled
from .errors import DomainError, Text, not_found, validation_error
from .inputs import BidInput, today_by_the_clock
from .offers import Offer, is_ranked
from .records import audit, audit_write, notify, organisation_users, rank_lost_notice
from .standings import build_snapshot, provider_view
from .transactions import (
    Write,
    dialect_name,
    locked_request_and,
    on_commit,
    prefixed,
    prefixed_insert,
    request_write,
    run_guards,
    server_now,
    write_together,
)


@dataclass
class BidResult:
    body: dict  # {"bid": {...}, "standings": {...}} as the API returns it
    replayed: bool = False


def bid_body(bid, request_id: int) -> dict:
    """bid is a stored Bid or an Offer."""
    return {
        "id": bid.id,
        "request_id": request_id,
        "price_cents": bid.price_cents,
        "revision": bid.revision,
        "start_date": bid.start_date.isoformat(),
        "approach": bid.approach,
        "status": bid.status,
        "label": bid.label,
    }


def _earlier_answer(organisation_id, request_id, key):
    """The answer given the first time this organisation used this idempotency key on this
    request (a key reused on another request is a new bid there)."""
    return sa.select(IdempotencyRecord.response).where(
        IdempotencyRecord.organisation_id == organisation_id, IdempotencyRecord.request_id == request_id,
        IdempotencyRecord.key == key)


# The statements a bid runs, built once: in SQLAlchemy, building a statement costs more CPU than
# executing its cached compiled form, and these run on every bid.
# Asked with the lock (locked_request_and): may this organisation bid on the locked request, and
# what did it answer the first time it used this idempotency key?
_ELIGIBLE = eligibility(sa.bindparam("organisation_id"), Request.gemeente_id, Request.category_id, Request.id,
                        sa.bindparam("today"))
_BIDDER = (_ELIGIBLE, sa.null())
_BIDDER_WITH_KEY = (_ELIGIBLE, _earlier_answer(sa.bindparam("organisation_id"), Request.id,
                                                sa.bindparam("key")).scalar_subquery())
_bids = Bid.__table__
# Whether each offer's organisation is still approved comes with the offers: a suspended offer
# leaves the ranking (offers.is_ranked) on the next bid as on every page.
_BID_STATES = (
    sa.select(_bids.c.id, _bids.c.organisation_id, Organisation.__table__.c.name, _bids.c.label,
              _bids.c.price_cents, _bids.c.start_date, _bids.c.approach, _bids.c.revision, _bids.c.status,
              _bids.c.price_reached_at, offer_suspended(_bids))
    .join(Organisation.__table__, Organisation.__table__.c.id == _bids.c.organisation_id)
    .where(_bids.c.request_id == sa.bindparam("request_id"))
)
# On PostgreSQL what comes back with the lock is read in the statement's snapshot, taken before
# the lock was granted: a bid that waited for the lock would not see what the holder committed
# (another offer, or this key's first answer). So the seq is read in that snapshot too: when the
# locked row shows a newer one, those reads are made again (locked_for_bidder). Every change to
# a request's offers moves its seq under this lock, so equal seqs mean the reads are current.
_seen = Request.__table__.alias("seen")
_SEEN_SEQ = sa.select(_seen.c.seq).where(_seen.c.id == Request.id).scalar_subquery()


def _offers_as_json(aggregate, array) -> sa.ScalarSelect:
    """Every offer, as one JSON array read with the lock: the bid path's read of them costs no
    statement of its own (on PostgreSQL a round trip; on SQLite SQLAlchemy's overhead for one
    more statement)."""
    return (sa.select(aggregate(array(*_BID_STATES.selected_columns), type_=sa.JSON))
            .select_from(_BID_STATES.get_final_froms()[0])
            .where(_bids.c.request_id == Request.id).scalar_subquery())


_OFFERS = _offers_as_json(sa.func.json_agg, sa.func.json_build_array)
# SQLite's lock is BEGIN IMMEDIATE, taken before the statement: what comes with it is current.
_OFFERS_SQLITE = _offers_as_json(sa.func.json_group_array, sa.func.json_array)
# A first offer needs an id before its revision, audit row and answer can name it. On PostgreSQL
# the id is drawn with the lock, only when this organisation has no offer here yet, and the
# organisation's name comes along: the offer is then written in the one statement with the rest,
# where the ORM's INSERT and a read of the name cost two round trips more.
_MINE_EXISTS = sa.exists().where(_bids.c.request_id == Request.id,
                                 _bids.c.organisation_id == sa.bindparam("organisation_id"))
_NEW_BID_ID = sa.case((~_MINE_EXISTS, sa.func.nextval(sa.func.pg_get_serial_sequence("bids", "id"))))
_MY_NAME = sa.select(Organisation.name).where(Organisation.id == sa.bindparam("organisation_id")).scalar_subquery()
# The writes of a revision carry bind names of their own, so that on PostgreSQL they travel as
# one statement (transactions.write_together).
_REVISE = _bids.update().where(_bids.c.id == sa.bindparam("bid_id")).values(
    revision=sa.bindparam("bid_revision"), status="active", price_cents=sa.bindparam("bid_price_cents"),
    price_reached_at=sa.bindparam("bid_reached_at"), updated_at=sa.bindparam("bid_reached_at"),
    start_date=sa.bindparam("bid_start_date"), approach=sa.bindparam("bid_approach"))
_INSERT_BID = prefixed_insert(_bids, "new_", (
    "id", "request_id", "organisation_id", "label", "price_cents", "start_date", "approach", "revision",
    "status", "price_reached_at", "created_at", "updated_at"))
_INSERT_REVISION = prefixed_insert(BidRevision.__table__, "rev_", (
    "bid_id", "revision", "price_cents", "start_date", "approach", "actor_id", "created_at"))
_INSERT_ANSWER = prefixed_insert(IdempotencyRecord.__table__, "answer_", (
    "organisation_id", "key", "request_id", "response", "created_at"))


def _replay(session: Session, organisation_id: int, request_id: int, key: str | None) -> BidResult | None:
    response = session.scalar(_earlier_answer(organisation_id, request_id, key)) if key else None
    return BidResult(body=response, replayed=True) if response is not None else None


def load_offers(session: Session, request_id: int) -> list[Offer]:
    """Every offer on a request as plain values, in one query: this runs on every bid."""
    rows = session.connection().execute(_BID_STATES, {"request_id": request_id}).all()
    return [Offer(*row) for row in rows]


def _offers_from_json(offers: list | None) -> list[Offer]:
    """The offers as _OFFERS (or _OFFERS_SQLITE) reads them."""
    return [Offer(id, organisation_id, name, label, price_cents, date.fromisoformat(start_date), approach,
                     revision, status, datetime.fromisoformat(reached_at).replace(tzinfo=timezone.utc),
                     bool(suspended))
            for (id, organisation_id, name, label, price_cents, start_date, approach, revision, status, reached_at,
                 suspended)
            in offers or ()]


def load_bids(session: Session, request_id: int) -> list[Bid]:
    # One joined query: this runs on every bid, under the request's lock.
    return list(session.scalars(
        sa.select(Bid).where(Bid.request_id == request_id).options(joinedload(Bid.organisation, innerjoin=True))
    ))


@dataclass
class FirstOffer:
    """What a first offer needs beyond the offers, read with the lock on PostgreSQL."""
    bid_id: int
    organisation_name: str


@contextmanager
def locked_for_bidder(session: Session, actor: Actor, request_id: int, key: str | None = None,
                       with_offers: bool = False):
    """The request, locked, with whether this actor may bid on it, its earlier answer to this
    idempotency key and, if asked, every offer and (on PostgreSQL) what a first offer needs: one
    statement, under the lock, unless a change committed while it waited. The offers are None
    when they must be read after all; the first offer's part is None when this organisation
    already had an offer (or on SQLite)."""
    postgresql = dialect_name(session) == "postgresql"
    also = _BIDDER_WITH_KEY if key else _BIDDER
    if postgresql:
        also += (_SEEN_SEQ, _OFFERS, _NEW_BID_ID, _MY_NAME) if with_offers else (_SEEN_SEQ,)
    elif with_offers:
        also += (_OFFERS_SQLITE,)
    params = {"organisation_id": actor.organisation_id, "key": key, "today": today_by_the_clock()}
    with locked_request_and(session, request_id, also, params) as (request, (eligible, response, *read)):
        seen_seq = read.pop(0) if postgresql else request.seq
        offers_json, new_bid_id, name = read + [None] * (3 - len(read))
        current = seen_seq == request.seq
        if not current and key:
            response = session.scalar(_earlier_answer(actor.organisation_id, request.id, key))
        offers = _offers_from_json(offers_json) if current and with_offers else None
        # Drawn in the statement's snapshot: if an offer of this organisation committed while we
        # waited, the offers read again show it and the id goes unused (a gap in the sequence).
        first = FirstOffer(new_bid_id, name) if new_bid_id is not None else None
        yield request, eligible, response, offers, first


def _require_bidder(actor: Actor, request: Request, eligible: bool, response) -> BidResult | None:
    """Refuse whoever may not bid here; answer a repeated idempotency key as the first time."""
    require_role(actor, request.gemeente_id)
    if request.status == "draft" or not eligible:
        raise not_found()
    return BidResult(body=response, replayed=True) if response is not None else None


def place_bid(session: Session, actor: Actor, request_id: int, inp: BidInput, admitted: bool = False) -> BidResult:
    """Make or revise this provider's offer; committed before anyone hears of it. `admitted`:
    the caller already ran admit_bidder (the socket does, before its bid turn)."""
    if not admitted:
        admit_bidder(session, actor, request_id)
    run_guards()
    try:
        with locked_for_bidder(session, actor, request_id, inp.idempotency_key, with_offers=True) \
                as (request, eligible, response, states, first):
            return _place_locked(session, actor, request, inp, eligible, response, states, first)
    except IntegrityError:
        # The same idempotency key raced in twice: the first one won; answer as it did.
        replay = _replay(session, actor.organisation_id, request_id, inp.idempotency_key)
        if replay:
            return replay
        raise


def _place_locked(session: Session, actor: Actor, request: Request, inp: BidInput, eligible: bool,
                  response, states: list[Offer] | None, first: FirstOffer | None) -> BidResult:
    replay = _require_bidder(actor, request, eligible, response)
    if replay:
        return replay
    now = server_now(session)
    rules.check_window(request.status, request.opens_at, request.closes_at, now)

    if states is None:
        states = load_offers(session, request.id)
    mine_state = next((b for b in states if b.organisation_id == actor.organisation_id), None)
    if mine_state is not None and mine_state.status == "withdrawn":
        _refuse_if_withdrawn_in_this_window(session, request, mine_state.id)
    active = [b for b in states if is_ranked(b)]
    previous = mine_state.price_cents if mine_state is not None and mine_state.status == "active" else None
    rules.check_price(inp.price_cents, request.floor_price_cents, request.max_price_cents,
                      previous, request.min_step_cents)

    leader_before = min(active, key=lambda b: rules.rank_key(b.price_cents, b.price_reached_at, b.id),
                        default=None)
    best_before = leader_before.price_cents if leader_before else None
    improves_best = best_before is None or inp.price_cents < best_before

    writes: list[Write] = []
    request_changes = {}
    if mine_state is None:
        if inp.start_date is None or not inp.approach:
            fields = {}
            if inp.start_date is None:
                fields["start_date"] = Text("Dit veld is verplicht bij een eerste aanbieding.")
            if not inp.approach:
                fields["approach"] = Text("Dit veld is verplicht bij een eerste aanbieding.")
            raise validation_error(fields)
        reason = "bid"
        mine, insert = _new_offer(session, actor, request, inp, now, first)
        if insert is not None:
            writes.append(insert)
        request_changes["label_count"] = request.label_count + 1
    else:
        # One UPDATE, not the ORM's load-modify-flush: this is the hot path of a live auction.
        reason = "bid" if mine_state.status == "withdrawn" else "revision"
        mine = replace(mine_state, revision=mine_state.revision + 1, status="active", price_cents=inp.price_cents,
                       price_reached_at=now,
                       start_date=inp.start_date if inp.start_date is not None else mine_state.start_date,
                       approach=inp.approach or mine_state.approach)
        writes.append((_REVISE, prefixed("bid_", {
            "id": mine.id, "revision": mine.revision, "price_cents": mine.price_cents, "reached_at": now,
            "start_date": mine.start_date, "approach": mine.approach})))
    states = [b for b in states if b.organisation_id != actor.organisation_id] + [mine]
    writes.append((_INSERT_REVISION, prefixed("rev_", {
        "bid_id": mine.id, "revision": mine.revision, "price_cents": mine.price_cents,
        "start_date": mine.start_date, "approach": mine.approach, "actor_id": actor.user_id, "created_at": now})))
    new_close = rules.soft_close_deadline(now, request.closes_at, request.original_closes_at,
                                          request.soft_close_seconds, request.max_extension_seconds,
                                          improves_best)
    if new_close is not None:
        # Its own statement, before the bid's row takes its place in the request's audit chain
        # (a second audit row cannot share the fold's bind names; rare: the last seconds).
        audit(session, actor, "window_extended", request, at=now,
              previous_closes_at=request.closes_at.isoformat(), closes_at=new_close.isoformat())
        request_changes["closes_at"] = new_close
    writes.append(audit_write(actor, "bid_placed" if reason == "bid" else "bid_revised", request, at=now,
                              bid_id=mine.id, label=mine.label, revision=mine.revision, price_cents=mine.price_cents))
    writes.append(request_write(request, seq=request.seq + 1, audit_head=request.audit_head, **request_changes))

    # The outbid notice reads the leader's users and links each e-mail to its notification's new
    # id: its own statements, before the fold. Worded by what the request's visibility lets the
    # leader know; in `sealed` there is none.
    notice = rank_lost_notice(request.visibility, request.reference, inp.price_cents)
    if notice is not None and leader_before is not None \
            and leader_before.organisation_id != actor.organisation_id and improves_best:
        notify(session, organisation_users(session, [leader_before.organisation_id]), "outbid", *notice,
               f"/aanbieder/aanvragen/{request.id}", gemeente_id=request.gemeente_id)

    snapshot = build_snapshot(request, states)
    body = {"bid": bid_body(mine, request.id), "standings": provider_view(snapshot, actor.organisation_id, now)}
    if inp.idempotency_key:
        writes.append((_INSERT_ANSWER, prefixed("answer_", {
            "organisation_id": actor.organisation_id, "key": inp.idempotency_key,
            "request_id": request.id, "response": body, "created_at": now})))
    write_together(session, writes)
    on_commit(session, StandingsChanged(snapshot, "extended" if new_close else reason))
    if new_close is not None:
        on_commit(session, WindowScheduled(request.id, request.status, request.opens_at,
                                           request.closes_at))
    return BidResult(body=body)


def _new_offer(session: Session, actor: Actor, request: Request, inp: BidInput, now: datetime,
               first: FirstOffer | None) -> tuple[Offer, Write | None]:
    """A first offer, with its INSERT to fold with the other writes when its id was drawn with
    the lock; otherwise inserted now, for the id its revision, audit row and answer name. The
    caller counts the label in the request's own write."""
    label = rules.label_for(request.label_count)
    if first is not None:
        mine = Offer(first.bid_id, actor.organisation_id, first.organisation_name, label, inp.price_cents,
                        inp.start_date, inp.approach, 1, "active", now)
        return mine, (_INSERT_BID, prefixed("new_", {
            "id": mine.id, "request_id": request.id, "organisation_id": mine.organisation_id, "label": label,
            "price_cents": mine.price_cents, "start_date": mine.start_date, "approach": mine.approach,
            "revision": 1, "status": "active", "price_reached_at": now, "created_at": now, "updated_at": now}))
    new_bid = Bid(request_id=request.id, organisation_id=actor.organisation_id, label=label,
                  price_cents=inp.price_cents, start_date=inp.start_date, approach=inp.approach, revision=1,
                  price_reached_at=now, created_at=now, updated_at=now)
    session.add(new_bid)
    session.flush()
    name = session.scalar(sa.select(Organisation.name).where(Organisation.id == actor.organisation_id))
    return Offer.of(new_bid, name, suspended=False), None  # admitted just now


def _refuse_if_withdrawn_in_this_window(session: Session, request: Request, bid_id: int) -> None:
    """A withdrawal is final for its window: otherwise a provider could withdraw and bid again
    higher (the minimum step would mean nothing), or in `rank_only` probe a rival's price by
    withdrawing, bidding and reading its rank. A reopen publishes a new closing time, and with
    it a new window in which the organisation may bid again. Read only on this rare path."""
    withdrawn_in = session.scalar(sa.select(Bid.withdrawn_in_window).where(Bid.id == bid_id))
    if withdrawn_in is not None and withdrawn_in == request.original_closes_at:
        raise DomainError("offer_withdrawn",
                          Text("U heeft uw aanbieding op deze aanvraag ingetrokken. In deze biedronde kunt u "
                               "niet opnieuw bieden."))


def current_snapshot(session: Session, request: Request):
    return build_snapshot(request, load_offers(session, request.id))

