"""Withdrawing an offer: final for its window, and as weighty as a bid in the last seconds."""
from sqlalchemy.orm import Session

from . import rules
from .actors import Actor
from .admission import admit_bidder, require_role
from .bidding import bid_body, load_bids, locked_for_bidder
from .changes import StandingsChanged, WindowScheduled
from .errors import Text, not_found
from .offers import Offer, is_ranked
from .records import audit
from .standings import build_snapshot, provider_view
from .transactions import on_commit, run_guards, server_now


def withdraw_bid(session: Session, actor: Actor, request_id: int) -> dict:
    """Take this provider's offer out of the ranking while the window is open; final for this
    window. A provider whose approval was suspended may still withdraw its offer."""
    admit_bidder(session, actor, request_id, withdrawing=True)
    run_guards()
    with locked_for_bidder(session, actor, request_id) as (request, eligible, _response, _states, _first):
        require_role(actor, request.gemeente_id)
        if request.status == "draft":
            raise not_found()
        now = server_now(session)
        bids = load_bids(session, request.id)
        mine = next((b for b in bids if b.organisation_id == actor.organisation_id), None)
        if not eligible and (mine is None or mine.status != "active"):
            raise not_found()
        rules.check_window(request.status, request.opens_at, request.closes_at, now)
        if mine is None or mine.status != "active":
            raise not_found(Text("U heeft op deze aanvraag geen actieve aanbieding."))
        best_before = _best_price(bids)
        mine.status = "withdrawn"
        mine.updated_at = now
        mine.withdrawn_in_window = request.original_closes_at
        request.seq += 1
        audit(session, actor, "bid_withdrawn", request, at=now, bid_id=mine.id, label=mine.label,
              price_cents=mine.price_cents)
        # Pulling the best offer in the last seconds changes the auction as much as beating it
        # does (a low "shield" offer pulled just before the close): the others get the same time
        # to react, within the same cap.
        best_after = _best_price(bids)
        raises_best = best_before is not None and (best_after is None or best_after > best_before)
        new_close = rules.soft_close_deadline(now, request.closes_at, request.original_closes_at,
                                              request.soft_close_seconds, request.max_extension_seconds,
                                              raises_best)
        if new_close is not None:
            audit(session, actor, "window_extended", request, at=now,
                  previous_closes_at=request.closes_at.isoformat(), closes_at=new_close.isoformat(),
                  withdrawn_bid_id=mine.id)
            request.closes_at = new_close
        snapshot = build_snapshot(request, [Offer.of(b) for b in bids])
        on_commit(session, StandingsChanged(snapshot, "extended" if new_close else "withdrawal"))
        if new_close is not None:
            on_commit(session, WindowScheduled(request.id, request.status, request.opens_at, request.closes_at))
        return {"bid": bid_body(mine, request.id), "standings": provider_view(snapshot, actor.organisation_id, now)}


def _best_price(bids) -> int | None:
    return min((b.price_cents for b in bids if is_ranked(b)), default=None)
