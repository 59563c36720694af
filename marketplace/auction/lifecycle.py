"""Opening and closing windows: called by the scheduler's jobs and its start-up sweep,
each under the request's lock and each safe to run twice."""
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import Request
from . import states
from .actors import SCHEDULER
from .bidding import load_bids, load_offers
from .changes import StandingsChanged, WindowScheduled
from .errors import Text
from .offers import Offer, is_ranked
from .records import audit, eligible_organisation_ids, gemeente_consultants, notify, organisation_users
from .standings import build_snapshot
from .transactions import locked_request, on_commit, server_now


@dataclass(frozen=True)
class Outcome:
    """What a job did: 'done', 'not_yet' (with when to try again) or 'nothing' (already done)."""
    result: str
    retry_at: datetime | None = None


def open_window(session: Session, request_id: int) -> Outcome:
    with locked_request(session, request_id) as request:
        if request.status != "scheduled":
            return Outcome("nothing")
        now = server_now(session)
        if now < request.opens_at:
            return Outcome("not_yet", request.opens_at)
        request.status = "open"
        request.seq += 1
        audit(session, SCHEDULER, "window_opened", request, at=now)
        org_ids = eligible_organisation_ids(session, request.gemeente_id, request.category_id, request.id)
        notify(session, organisation_users(session, org_ids), "window_open",
               Text("Het bieden op %(reference)s is geopend", reference=request.reference),
               Text("U kunt nu een aanbieding doen."), f"/aanbieder/aanvragen/{request.id}",
               gemeente_id=request.gemeente_id)
        on_commit(session, StandingsChanged(build_snapshot(request, load_offers(session, request.id)), "opened"))
        return Outcome("done")


def close_window(session: Session, request_id: int) -> Outcome:
    """Close at closes_at (which soft close may have moved); a bid committed first counts."""
    with locked_request(session, request_id) as request:
        if request.status != "open":
            return Outcome("nothing")
        now = server_now(session)
        if now < request.closes_at:
            return Outcome("not_yet", request.closes_at)
        bids = load_bids(session, request.id)
        active = [b for b in bids if b.status == "active"]
        # Offers of a suspended organisation cannot be chosen: with only those, nothing can be.
        request.status = "closed" if any(is_ranked(b) for b in active) else "no_offers"
        request.closed_at = now
        request.seq += 1
        audit(session, SCHEDULER, "window_closed", request, at=now, status=request.status,
              offers=len(active), lateness_ms=int((now - request.closes_at).total_seconds() * 1000))
        notify(session, organisation_users(session, {b.organisation_id for b in active}), "closed",
               Text("Het bieden op %(reference)s is gesloten", reference=request.reference),
               Text("De cliënt en de gemeente kiezen nu samen een aanbieding. U hoort de uitkomst."),
               f"/aanbieder/aanvragen/{request.id}", gemeente_id=request.gemeente_id)
        notify(session, gemeente_consultants(session, request.gemeente_id), "closed",
               Text("Het bieden op %(reference)s is gesloten", reference=request.reference),
               Text("%(count)s aanbieding(en). Maak een cliëntcode om samen te kiezen.", count=len(active))
               if active else Text("Er kwamen geen aanbiedingen. U kunt de aanvraag opnieuw openzetten."),
               f"/consulent/aanvragen/{request.id}", gemeente_id=request.gemeente_id)
        on_commit(session, StandingsChanged(build_snapshot(request, [Offer.of(b) for b in bids]), "closed"))
        return Outcome("done")


def warn_closing_soon(session: Session, request_id: int, lead_seconds: int) -> Outcome:
    with locked_request(session, request_id) as request:
        if request.status != "open" or request.closing_soon_sent:
            return Outcome("nothing")
        now = server_now(session)
        if now < request.closes_at - timedelta(seconds=lead_seconds):
            return Outcome("not_yet", request.closes_at - timedelta(seconds=lead_seconds))
        request.closing_soon_sent = True
        org_ids = eligible_organisation_ids(session, request.gemeente_id, request.category_id, request.id)
        minutes = max(1, round((request.closes_at - now).total_seconds() / 60))
        notify(session, organisation_users(session, org_ids), "closing_soon",
               Text("Het bieden op %(reference)s sluit over %(minutes)s minuten", reference=request.reference,
                    minutes=minutes),
               Text("Wilt u nog een aanbieding doen of uw prijs aanpassen? Doe het nu."),
               f"/aanbieder/aanvragen/{request.id}", gemeente_id=request.gemeente_id)
        return Outcome("done")


def overdue_sweep(session: Session) -> list[tuple[int, str]]:
    """At start-up: open and close whatever the clock says is due, so a restart loses nothing.
    Returns what it did and leaves the scheduler to re-arm the rest."""
    now = server_now(session)
    due = session.execute(
        sa.select(Request.id, Request.status).where(sa.or_(
            sa.and_(Request.status == "scheduled", Request.opens_at <= now),
            sa.and_(Request.status == "open", Request.closes_at <= now),
        )).order_by(Request.id)
    ).all()
    session.commit()
    done = []
    for request_id, status in due:
        if status == "scheduled" and open_window(session, request_id).result == "done":
            done.append((request_id, "opened"))
        if close_window(session, request_id).result == "done":
            done.append((request_id, "closed"))
    return done


def live_windows(session: Session) -> list[WindowScheduled]:
    """Every request whose window the scheduler must watch."""
    rows = session.scalars(sa.select(Request).where(Request.status.in_((states.SCHEDULED, states.OPEN))))
    result = [WindowScheduled(r.id, r.status, r.opens_at, r.closes_at) for r in rows]
    session.commit()
    return result
