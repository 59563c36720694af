"""A provider organisation's offer on a request, every revision of it, and idempotency records."""
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .catalogue import Approval, Organisation
from .requests import Request


class Bid(Base):
    """One organisation's current offer on one request (an aanbieding); revisions update it."""

    __tablename__ = "bids"
    __table_args__ = (sa.UniqueConstraint("request_id", "organisation_id", name="uq_bids_request_org"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    label: Mapped[str] = mapped_column(sa.String(4))  # "A", "B", ...: what other providers see
    price_cents: Mapped[int]
    start_date: Mapped[date]
    approach: Mapped[str] = mapped_column(sa.Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(16), default="active")  # active | withdrawn
    # When this price was reached: ties rank by who got there first.
    price_reached_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The window this offer was withdrawn from, named by that window's closing time as published
    # (the request's original_closes_at): a withdrawal is final for that window, and a reopen
    # publishes a new closing time, so the organisation may bid again in the new one.
    withdrawn_in_window: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    revisions: Mapped[list["BidRevision"]] = relationship(order_by="BidRevision.revision")

    @property
    def organisation_name(self) -> str:
        return self.organisation.name


class BidRevision(Base):
    """Every submitted price, kept forever: the audit trail of the auction itself."""

    __tablename__ = "bid_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(sa.ForeignKey("bids.id"), index=True)
    revision: Mapped[int]
    price_cents: Mapped[int]
    start_date: Mapped[date]
    approach: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdempotencyRecord(Base):
    """The first answer to an (organisation, request, key), replayed for any repeat. Scoped to the
    request: an integration that reuses a key on another request makes a new bid there, not a
    replay of an answer about a different request."""

    __tablename__ = "idempotency_records"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "request_id", "key",
                                          name="uq_idempotency_org_request_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    key: Mapped[str] = mapped_column(sa.String(128))
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"))
    response: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def offer_suspended(bids: sa.Table | type = Bid) -> sa.ColumnElement[bool]:
    """True while an offer's organisation is no longer approved for its request's gemeente and
    category (a consultant suspended it mid-window): such an offer is out of the ranking and
    cannot be chosen or awarded, but its provider may still withdraw it. A SQL expression
    correlated to the bids row, so the bid path reads it with the offers it already reads."""
    bids = bids.__table__ if isinstance(bids, type) else bids
    offer_request = Request.__table__.alias("offer_request")
    return ~sa.exists().where(
        offer_request.c.id == bids.c.request_id,
        Approval.organisation_id == bids.c.organisation_id,
        Approval.gemeente_id == offer_request.c.gemeente_id,
        Approval.category_id == offer_request.c.category_id,
        Approval.status == "approved",
    )


Bid.suspended = column_property(offer_suspended(Bid.__table__))
