"""Who may bid or withdraw on a request, settled before anything is locked: the role, the
request as a bidder may know it, eligibility, and the account's rate. bidding.py asks again under
the lock and has the last word."""
import time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import Bid, Request
from . import rate_limits
from .access import eligibility
from .actors import Actor
from .errors import DomainError, Text, not_found
from .inputs import today_by_the_clock

_bids = Bid.__table__
_ELIGIBLE = eligibility(sa.bindparam("organisation_id"), Request.gemeente_id, Request.category_id, Request.id,
                        sa.bindparam("today"))

# Asked before anything is locked (admit_bidder): the request as a bidder may know it, and
# whether this organisation may bid on it or still has an offer there to withdraw.
_HAS_OFFER = sa.exists().where(_bids.c.request_id == Request.id,
                               _bids.c.organisation_id == sa.bindparam("organisation_id"),
                               _bids.c.status == "active")
_ADMISSION = (sa.select(Request.gemeente_id, Request.status, Request.published_at, _ELIGIBLE, _HAS_OFFER)
              .where(Request.id == sa.bindparam("request_id")))
# Bidders admitted lately, (organisation, request) -> until when (monotonic): a provider revising
# its price in a live auction is not asked again, so its bids cost no extra statement (and on
# SQLite no extra transaction). Only a yes is kept: the locked path checks again, so a stale yes
# (a provider suspended since) costs at most a refused turn at the lock within the rate limit,
# where a stale no would refuse an offer.
ADMITTED_SECONDS = 10.0
_admitted: dict[tuple[int, int], float] = {}


def admit_bidder(session: Session, actor: Actor, request_id: int, withdrawing: bool = False) -> None:
    """Refuse, before any lock or bid turn is taken, whoever may not bid (or withdraw) here,
    and count the call against its account's limit: an unapproved or flooding account must not
    hold the request's lock (on SQLite the whole database's) in a window's last seconds. One
    statement, in the read transaction that locked_request_and ends before it locks (a caller
    that waits between the two, as the socket does for its bid turn, commits first so as not to
    hold a pooled connection while it waits); the locked path checks again and has the last word."""
    rate_limits.check_bid_rate(actor)
    key = (actor.organisation_id, request_id)
    if actor.is_provider and not withdrawing and _admitted.get(key, 0.0) > time.monotonic():
        return
    row = session.connection().execute(_ADMISSION, {
        "request_id": request_id, "organisation_id": actor.organisation_id, "today": today_by_the_clock()}).first()
    if row is None:
        raise not_found()
    gemeente_id, status, published_at, eligible, has_offer = row
    require_role(actor, gemeente_id)
    # A suspended provider may still take its offer out (not put one in).
    if status == "draft" or published_at is None or not (eligible or (withdrawing and has_offer)):
        raise not_found()
    if eligible:
        if len(_admitted) > 10_000:
            _admitted.clear()
        _admitted[key] = time.monotonic() + ADMITTED_SECONDS


def require_role(actor: Actor, gemeente_id: int) -> None:
    """Only providers bid; the gemeente's own consultant is told so, anyone else learns nothing."""
    if not actor.is_provider:
        if actor.is_consultant and gemeente_id == actor.gemeente_id:
            raise DomainError("forbidden", Text("Alleen aanbieders kunnen een aanbieding doen."))
        raise not_found()
