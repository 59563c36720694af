"""Steps to an assignment, as the follow-up tests take them: a request awarded through the domain
(aanbieder1 wins at the lowest price, aanbieder2 loses), the server's "today", and what the
follow-up has written for a request (to prove a refusal changed nothing)."""
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from marketplace.auction import award, lifecycle
from marketplace.extensions import db
from marketplace.models import (
    Assignment,
    AuditEvent,
    Complaint,
    Notification,
    Request,
    RequestExclusion,
    Review,
    ReviewResult,
    SurveyResponse,
)

from . import world

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WINNER, LOSER = "aanbieder1", "aanbieder2"
WINNING_PRICE, LOSING_PRICE = 100000, 120000
DAY = 86400


def today(clock) -> date:
    return clock.now.astimezone(AMSTERDAM).date()


def days(n: int) -> float:
    return n * DAY


def award_in_domain(clock, published, offer, **overrides) -> int:
    """Published, two offers, closed, aanbieder1's (the lowest) chosen and awarded; the id."""
    consultant = world.actor(db.session, "consulent")
    request_id = published(**overrides)
    winner = offer(request_id, WINNER, WINNING_PRICE).body["bid"]["id"]
    offer(request_id, LOSER, LOSING_PRICE)
    clock.advance(3600)
    assert lifecycle.close_window(db.session, request_id).result == "done"
    award.record_choice(db.session, consultant, request_id, winner, on_behalf=True)
    award.award(db.session, consultant, request_id, winner, None)
    return request_id


def assignment(request_id: int) -> Assignment:
    row = db.session.scalar(sa.select(Assignment).where(Assignment.request_id == request_id))
    db.session.refresh(row)
    return row


def footprint(request_id: int) -> tuple:
    """Everything the follow-up writes about a request: the assignment's columns, its reviews,
    results, complaints, survey, the requests and exclusions that follow it, its audit events and
    all notices."""
    row = assignment(request_id)
    columns = tuple(getattr(row, c.key) for c in Assignment.__table__.columns)

    def count(model, *where) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

    result = (
        columns,
        count(Review, Review.assignment_id == row.id),
        count(ReviewResult, ReviewResult.assignment_id == row.id),
        tuple(db.session.execute(sa.select(Complaint.number, Complaint.resolved_on, Complaint.resolution)
                                 .where(Complaint.assignment_id == row.id).order_by(Complaint.number)).all()),
        count(SurveyResponse, SurveyResponse.assignment_id == row.id),
        count(Request, Request.follows_request_id == request_id),
        count(RequestExclusion),
        tuple(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.request_id == request_id)
                                 .order_by(AuditEvent.id))),
        count(Notification),
    )
    db.session.commit()
    return result


def actions(request_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.request_id == request_id)
                                   .order_by(AuditEvent.id)))


def event(request_id: int, action: str) -> AuditEvent:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.request_id == request_id,
                                                          AuditEvent.action == action)
                              .order_by(AuditEvent.id.desc())).first()


def later(day: date, n: int) -> date:
    return day + timedelta(days=n)
