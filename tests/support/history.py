"""Assignments with their follow-up for the record tests: an awarded request of a gemeente with
one organisation's offer, its assignment, and optionally one review's outcomes, the client's
survey and complaints, written straight into the tables."""
import uuid
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from marketplace.models import (
    Assignment,
    Bid,
    Category,
    Complaint,
    Gemeente,
    Organisation,
    Request,
    Review,
    ReviewResult,
    SurveyResponse,
    User,
)


def ids(session, gemeente: str, organisation: str) -> tuple[int, int]:
    """(gemeente id, organisation id) by their names in the test world."""
    return (session.scalar(sa.select(Gemeente.id).where(Gemeente.name == gemeente)),
            session.scalar(sa.select(Organisation.id).where(Organisation.name == organisation)))


def add_assignment(session, gemeente_id: int, organisation_id: int, *, awarded_on: date, offered: date,
                   started_on: date | None = None, ended_on: date | None = None, outcomes=(),
                   survey_mean: float | None = None, complaints=()) -> Assignment:
    """One awarded request and its assignment; `outcomes` are one review's results, `complaints`
    each "provider" or "gemeente". The caller commits."""
    awarded_at = datetime.combine(awarded_on, time(12), tzinfo=timezone.utc)
    published = awarded_at - timedelta(days=5)
    category_id = session.scalar(sa.select(Category.id).where(Category.gemeente_id == gemeente_id,
                                                              Category.code == "begeleiding_individueel"))
    consultant_id = session.scalar(sa.select(User.id).where(User.gemeente_id == gemeente_id,
                                                            User.role == "consultant").limit(1))
    req = Request(gemeente_id=gemeente_id, reference=f"HIST-{uuid.uuid4().hex[:12]}", category_id=category_id,
                  region="823", start_date=offered, duration_weeks=26, max_price_cents=150000,
                  floor_price_cents=60000, opens_at=published, closes_at=published + timedelta(days=2),
                  original_closes_at=published + timedelta(days=2), status="awarded", created_by_id=consultant_id,
                  published_at=published, closed_at=published + timedelta(days=2), awarded_at=awarded_at)
    session.add(req)
    session.flush()
    bid = Bid(request_id=req.id, organisation_id=organisation_id, label="A", price_cents=100000,
              start_date=offered, price_reached_at=published, created_at=published, updated_at=published)
    session.add(bid)
    session.flush()
    req.chosen_bid_id = req.awarded_bid_id = bid.id
    assignment = Assignment(request_id=req.id, bid_id=bid.id, gemeente_id=gemeente_id,
                            organisation_id=organisation_id, category_id=category_id, price_cents=bid.price_cents,
                            offered_start_date=offered, awarded_on=awarded_on,
                            status="ended" if ended_on else "started" if started_on else "awarded",
                            started_on=started_on, ended_on=ended_on)
    session.add(assignment)
    session.flush()
    if outcomes:
        review = Review(assignment_id=assignment.id, reviewed_on=started_on or awarded_on, kind="review")
        session.add(review)
        session.flush()
        for number, outcome in enumerate(outcomes):
            session.add(ReviewResult(review_id=review.id, assignment_id=assignment.id,
                                     result_area_code=f"area_{number}", outcome=outcome))
    if survey_mean is not None:
        session.add(SurveyResponse(assignment_id=assignment.id, answers={"tevreden": round(survey_mean)},
                                   mean_score=survey_mean))
    for number, about in enumerate(complaints, start=1):
        session.add(Complaint(assignment_id=assignment.id, number=number, received_on=started_on or awarded_on,
                              about=about, summary="Afspraak niet nagekomen."))
    session.flush()
    return assignment
