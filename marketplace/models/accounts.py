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
        return str(self.id)

    @property
    def is_consultant(self) -> bool:
        return self.role in ("consultant", "admin")

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
