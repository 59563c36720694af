"""Gemeenten, people who log in, and the API tokens they hold."""
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow


class Gemeente(Base):
    __tablename__ = "gemeenten"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)  # prefix of request references
    # Months the client's personal data is kept after the support ended or the request was
    # cancelled; then the daily job erases it (marketplace.clients.retention).
    client_data_retention_months: Mapped[int] = mapped_column(default=24)
    # Settings the beheerder owns: defaults for a new request, and the client code's lifetime.
    default_visibility: Mapped[str] = mapped_column(sa.String(16), default="open", server_default="open")
    default_soft_close_seconds: Mapped[int] = mapped_column(default=120, server_default="120")
    default_max_extension_seconds: Mapped[int] = mapped_column(default=1800, server_default="1800")
    client_code_hours: Mapped[int] = mapped_column(default=72, server_default="72")
    # The floor (reële prijs) of a new request: this share of its maximum from the tariff table.
    floor_percent: Mapped[int] = mapped_column(default=40, server_default="40")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    # consultant | provider | admin (functioneel beheerder of a gemeente)
    role: Mapped[str] = mapped_column(sa.String(16))
    gemeente_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("gemeenten.id"))
    organisation_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Invited staff have no password until they follow their link (status "invited").
    invited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # "nl" or "en": the language of the user's e-mail (pages follow the language switch).
    language: Mapped[str] = mapped_column(sa.String(2), default="nl", server_default="nl")
    # The optional notices this user does NOT want by e-mail (marketplace.mail.preferences);
    # outcome and account messages always go.
    email_opt_out: Mapped[list] = mapped_column(sa.JSON, default=list, server_default=sa.text("'[]'"))
    # Raised when a password is reset or changed: page sessions made before stop at once.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")

    gemeente: Mapped[Optional[Gemeente]] = relationship()
    organisation: Mapped[Optional["Organisation"]] = relationship(back_populates="users")  # noqa: F821

    # Flask-Login's protocol, kept here so the model needs no Flask import.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # The epoch is part of the session's user id, so raising it ends every older session.
        return f"{self.id}:{self.session_epoch}"

    @property
    def status(self) -> str:
        if not self.active:
            return "inactive"
        return "invited" if not self.password_hash else "active"

    @property
    def is_consultant(self) -> bool:
        return self.role == "consultant"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_provider(self) -> bool:
        return self.role == "provider"


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a database leak grants no access."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, index=True)
    role: Mapped[str] = mapped_column(sa.String(16))  # consultant | provider | client
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    # A client token sees exactly one request.
    request_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("requests.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[Optional[User]] = relationship()


class AccountLink(Base):
    """A one-time link sent by e-mail: an invitation, a password reset, or the confirmation of a
    new e-mail address. Only the token's SHA-256 is stored; a link works once, until it expires."""

    __tablename__ = "account_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))  # invite | reset | email_change
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    new_email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
