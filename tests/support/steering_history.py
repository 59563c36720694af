"""Hand-made history for the steering figures and signals: requests of the test world's
gemeenten with the moments, offers, awards and follow-up a test spells out, written straight
into the tables so that every number a test expects can be worked out by hand."""
from datetime import date, datetime, timedelta, timezone

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


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


class History:
    """history.request(utc(2026, 3, 10, 9), offers=[(1, 90000), (2, 95000)], winner=0) and so on;
    organisations are named by their number in the test world (1 = Zorg Een)."""

    def __init__(self, session, gemeente: str = "Lelystad"):
        self.session = session
        self.gemeente = session.scalar(sa.select(Gemeente).where(Gemeente.name == gemeente))
        self.consultant_id = session.scalar(sa.select(User.id).where(User.gemeente_id == self.gemeente.id,
                                                                     User.role == "consultant"))
        self.count = 0

    def org(self, number: int) -> int:
        return self.session.scalar(sa.select(Organisation.id).where(Organisation.kvk_number == f"3000000{number}"))

    def category(self, code: str) -> int:
        return self.session.scalar(sa.select(Category.id).where(Category.gemeente_id == self.gemeente.id,
                                                                Category.code == code))

    def request(self, published: datetime | None, status: str = "awarded", offers=(), winner: int | None = None,
                maximum: int | None = 100000, floor: int | None = 40000, category: str = "begeleiding_individueel",
                award_days: float = 5, window: timedelta = timedelta(days=2), soft_close: int = 120) -> Request:
        """offers: (org number, price) or (org number, price, withdrawn moment)."""
        self.count += 1
        opens = published or utc(2026, 1, 1)
        closes = opens + window
        decided = status in ("closed", "chosen", "awarded", "no_offers")
        req = Request(gemeente_id=self.gemeente.id, reference=f"T-{self.gemeente.code}-{self.count:04d}",
                      category_id=self.category(category), region="823", start_date=opens.date(), duration_weeks=26,
                      max_price_cents=maximum, floor_price_cents=floor, opens_at=opens, closes_at=closes,
                      original_closes_at=closes, soft_close_seconds=soft_close, status=status,
                      created_by_id=self.consultant_id, published_at=published,
                      closed_at=closes if decided else None)
        self.session.add(req)
        self.session.flush()
        bids = []
        for number, offer in enumerate(offers):
            org, price, withdrawn = (*offer, None)[:3]
            bid = Bid(request_id=req.id, organisation_id=self.org(org), label=chr(65 + number), price_cents=price,
                      start_date=opens.date() + timedelta(days=14), price_reached_at=opens, created_at=opens,
                      updated_at=withdrawn or opens, status="withdrawn" if withdrawn else "active",
                      withdrawn_in_window=closes if withdrawn else None)
            self.session.add(bid)
            bids.append(bid)
        self.session.flush()
        if winner is not None:
            req.awarded_bid_id = req.chosen_bid_id = bids[winner].id
            req.awarded_at = opens + timedelta(days=award_days)
        self.session.commit()
        req.bids = bids
        return req

    def assignment(self, req: Request, awarded_on: date, offered: date, started: date | None = None,
                   ended: date | None = None) -> Assignment:
        bid = self.session.get(Bid, req.awarded_bid_id)
        assignment = Assignment(request_id=req.id, bid_id=bid.id, gemeente_id=req.gemeente_id,
                                organisation_id=bid.organisation_id, category_id=req.category_id,
                                price_cents=bid.price_cents, offered_start_date=offered, awarded_on=awarded_on,
                                status="ended" if ended else "started" if started else "awarded",
                                started_on=started, ended_on=ended)
        self.session.add(assignment)
        self.session.commit()
        return assignment

    def review(self, assignment: Assignment, day: date, *outcomes: str) -> None:
        review = Review(assignment_id=assignment.id, reviewed_on=day, kind="review", created_by_id=self.consultant_id)
        self.session.add(review)
        self.session.flush()
        for number, outcome in enumerate(outcomes):
            self.session.add(ReviewResult(review_id=review.id, assignment_id=assignment.id,
                                          result_area_code=f"area_{number}", outcome=outcome))
        self.session.commit()

    def survey(self, assignment: Assignment, mean: float) -> None:
        self.session.add(SurveyResponse(assignment_id=assignment.id, answers={"tevreden": round(mean)},
                                        mean_score=mean))
        self.session.commit()

    def complaint(self, assignment: Assignment, about: str = "provider") -> None:
        number = len(assignment.complaints) + 1
        self.session.add(Complaint(assignment_id=assignment.id, number=number, received_on=date(2026, 3, 1),
                                   about=about, summary="Afspraak niet nagekomen."))
        self.session.commit()
        self.session.refresh(assignment)
