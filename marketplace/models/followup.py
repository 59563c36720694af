"""After the award: the assignment (toewijzing) the gemeente follows until it ends, its reviews
per result area with optional ZRM scores, complaints, the client's survey, and the consultant's
assessment of an offer's plan of approach (an award criterion)."""
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow


class Assignment(Base):
    """The awarded offer with a life of its own: awarded -> started -> ended (with a reason).
    gemeente, category and organisation are copied from the request and the offer so that the
    record and the steering figures are one indexed query each, at any number of requests."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), unique=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"))
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    price_cents: Mapped[int]
    offered_start_date: Mapped[date]
    awarded_on: Mapped[date] = mapped_column(sa.Date, index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="awarded", index=True)  # awarded|started|ended
    started_on: Mapped[Optional[date]] = mapped_column(sa.Date)
    ended_on: Mapped[Optional[date]] = mapped_column(sa.Date)
    # result_achieved | switch_provider | moved | deceased | other
    end_reason: Mapped[Optional[str]] = mapped_column(sa.String(32))
    end_note: Mapped[Optional[str]] = mapped_column(sa.Text)
    # How often the consultant reviews with the client, and when the next review is due.
    review_every_weeks: Mapped[int] = mapped_column(default=12)
    next_review_on: Mapped[Optional[date]] = mapped_column(sa.Date, index=True)
    review_reminded_on: Mapped[Optional[date]] = mapped_column(sa.Date)
    # The draft made when the client switched provider (end_reason switch_provider).
    follow_up_request_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("requests.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviews: Mapped[list["Review"]] = relationship(order_by="Review.reviewed_on", back_populates="assignment")
    complaints: Mapped[list["Complaint"]] = relationship(order_by="Complaint.number", back_populates="assignment")


class Review(Base):
    """A periodic review with the client: per result area achieved / partly / not achieved,
    and optionally the ZRM scores (1-5 per domain) at that moment."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignments.id"), index=True)
    reviewed_on: Mapped[date] = mapped_column(sa.Date)
    # "start": the ZRM baseline recorded when the support started; "review": a periodic review.
    kind: Mapped[str] = mapped_column(sa.String(8), default="review")
    zrm: Mapped[Optional[dict]] = mapped_column(sa.JSON)  # {"financien": 2, ...}
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="reviews")
    results: Mapped[list["ReviewResult"]] = relationship(back_populates="review")


class ReviewResult(Base):
    """One result area's outcome in one review; a row each, so the achieved share is one
    aggregate per provider or period."""

    __tablename__ = "review_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignments.id"), index=True)
    result_area_code: Mapped[str] = mapped_column(sa.String(64))
    outcome: Mapped[str] = mapped_column(sa.String(16))  # achieved | partly | not_achieved

    review: Mapped[Review] = relationship(back_populates="results")


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (sa.UniqueConstraint("assignment_id", "number", name="uq_complaints_assignment_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignments.id"), index=True)
    number: Mapped[int]  # 1, 2, ... per assignment: the <n> of the API's resolve call
    received_on: Mapped[date] = mapped_column(sa.Date)
    about: Mapped[str] = mapped_column(sa.String(16))  # provider | gemeente
    summary: Mapped[str] = mapped_column(sa.Text)
    resolved_on: Mapped[Optional[date]] = mapped_column(sa.Date)
    resolution: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="complaints")


class SurveyResponse(Base):
    """The client's answers to the six fixed questions, once per assignment. The comment is
    free text from the client: scanned for personal data, and shown only to the gemeente."""

    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignments.id"), unique=True)
    answers: Mapped[dict] = mapped_column(sa.JSON)  # {"tevreden": 4, ...}
    # The mean of the answers, kept so that satisfaction is one aggregate per provider.
    mean_score: Mapped[float] = mapped_column(sa.Float)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    on_behalf_of_client: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OfferAssessment(Base):
    """The plan of approach scored 1-5 by the consultant with the client, after the close."""

    __tablename__ = "offer_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"), unique=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), index=True)
    approach: Mapped[int]
    assessed_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RequestExclusion(Base):
    """An organisation that may not bid on a request: the provider the client switched away
    from is excluded from the follow-up request."""

    __tablename__ = "request_exclusions"
    __table_args__ = (sa.UniqueConstraint("request_id", "organisation_id", name="uq_request_exclusions_req_org"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
