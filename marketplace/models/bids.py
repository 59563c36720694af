"""A provider organisation's offer on a request, every revision of it, and idempotency records."""
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .catalogue import Organisation


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
    """The first answer to a (organisation, key) pair, replayed for any repeat."""

    __tablename__ = "idempotency_records"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "key", name="uq_idempotency_org_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    key: Mapped[str] = mapped_column(sa.String(128))
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"))
    response: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
