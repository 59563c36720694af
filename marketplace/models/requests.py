"""The support request (ondersteuningsvraag), its result areas, and the client's personal data,
which lives in its own table so that no provider-facing query can reach it by accident."""
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .catalogue import Category

VISIBILITIES = ("open", "rank_only", "sealed")


class Request(Base):
    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    region: Mapped[str] = mapped_column(sa.String(3))  # PC3: first three digits of the postcode
    start_date: Mapped[date]
    duration_weeks: Mapped[int]
    max_price_cents: Mapped[Optional[int]]
    floor_price_cents: Mapped[Optional[int]]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # closes_at as published: the soft-close cap is measured from here, not from an extension.
    original_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visibility: Mapped[str] = mapped_column(sa.String(16), default="open")
    min_step_cents: Mapped[int] = mapped_column(default=100)
    soft_close_seconds: Mapped[int] = mapped_column(default=120)
    max_extension_seconds: Mapped[int] = mapped_column(default=1800)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    # Increases by one with every change to the standings; clients detect gaps with it.
    seq: Mapped[int] = mapped_column(default=0)
    # The hash of this request's newest audit event (auction.audit_chain): removing the newest
    # events breaks the chain at its head.
    audit_head: Mapped[Optional[str]] = mapped_column(sa.String(64))
    # Counts the provider labels handed out (A, B, ...), so a label is never reused.
    label_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    closing_soon_sent: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    # From here the retention period of a cancelled request's client data runs.
    cancelled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    chosen_bid_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("bids.id", use_alter=True))
    chosen_by: Mapped[Optional[str]] = mapped_column(sa.String(16))  # client | consultant
    chosen_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    awarded_bid_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("bids.id", use_alter=True))
    award_motivation: Mapped[Optional[str]] = mapped_column(sa.Text)
    # Why the maximum price lies above the gemeente's tariff table (required then, and audited).
    max_price_reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    # Optional weights {"price", "start_date", "approach", "record"} summing to 100; absent:
    # price only (marketplace.quality.scoring).
    award_criteria: Mapped[Optional[dict]] = mapped_column(sa.JSON)
    # The request this one follows up when the client switched provider.
    follows_request_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("requests.id"))
    awarded_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    category: Mapped[Category] = relationship()
    result_areas: Mapped[list["RequestResultArea"]] = relationship(
        cascade="all, delete-orphan", order_by="RequestResultArea.id"
    )


class RequestResultArea(Base):
    __tablename__ = "request_result_areas"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    complexity: Mapped[str] = mapped_column(sa.String(32))


class ClientRecord(Base):
    """The client's identity, sealed: one Fernet token of the personal data as JSON, made and
    opened only by marketplace.clients.client_data. No plaintext column, so a copy of the
    database without the keys reveals nobody. When the retention period has passed the token
    is removed and erased_at says when."""

    __tablename__ = "client_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), unique=True)
    sealed: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the token was last made: at creation, and at every key rotation.
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    erased_reason: Mapped[Optional[str]] = mapped_column(sa.String(32))  # retention


class ClientCode(Base):
    """A one-time code the consultant gives the client; only its hash is stored."""

    __tablename__ = "client_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
