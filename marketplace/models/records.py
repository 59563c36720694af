"""What the system remembers about what happened: the audit trail, the in-app inbox and the
e-mail outbox."""
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("requests.id"), index=True)
    gemeente_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    # "user:12", "client", "scheduler", "system": who did it, never their personal data.
    actor: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(64))
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The chain (auction.audit_chain): the previous event's hash in this event's chain, and
    # the hash over this event's content and that one.
    prev_hash: Mapped[Optional[str]] = mapped_column(sa.String(64))
    hash: Mapped[Optional[str]] = mapped_column(sa.String(64))


class AuditHead(Base):
    """The newest hash of a chain that has no request row to keep it (events without a request)."""

    __tablename__ = "audit_heads"
    chain: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    hash: Mapped[Optional[str]] = mapped_column(sa.String(64))


class Notification(Base):
    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str] = mapped_column(sa.String(200), default="")
    # The catalogue entries behind subject and body ({"subject": [msgid, values], ...}), so the
    # inbox shows them in the reader's language; subject and body keep the Dutch text.
    wording: Mapped[Optional[dict]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class EmailOutbox(Base):
    """Every e-mail the app sends, queued in the transaction that caused it; the sender
    (marketplace.mail) delivers it later, so a dead mail server never slows a bid or a page.

    status: queued -> sending (claimed by one sender) -> sent | queued again (temporary
    failure, after next_attempt_at) | failed (after several attempts; the beheerder sees it)."""

    __tablename__ = "email_outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("notifications.id"))
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # The mail template and its values; rendered in `language` when sent (marketplace.mail).
    template: Mapped[Optional[str]] = mapped_column(sa.String(64))
    context: Mapped[Optional[dict]] = mapped_column(sa.JSON)
    language: Mapped[str] = mapped_column(sa.String(2), default="nl", server_default="nl")
    gemeente_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="queued", server_default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    claimed_by: Mapped[Optional[str]] = mapped_column(sa.String(64))
    claimed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[Optional[str]] = mapped_column(sa.String(500))

    notification: Mapped[Optional[Notification]] = relationship()
