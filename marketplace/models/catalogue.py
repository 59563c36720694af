"""A gemeente's catalogue (categories, result areas, complexity, minimum requirements) and
the provider organisations it approves per category."""
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow


class Category(Base):
    __tablename__ = "categories"
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "code", name="uq_categories_gemeente_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(120))
    # Switched off or retired: not offered for new requests; existing requests keep showing it.
    # Nothing a request uses is ever deleted.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class ResultArea(Base):
    __tablename__ = "result_areas"
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "code", name="uq_result_areas_gemeente_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(160))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class ComplexityLevel(Base):
    __tablename__ = "complexity_levels"
    __table_args__ = (
        sa.UniqueConstraint("gemeente_id", "code", name="uq_complexity_levels_gemeente_code"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(64))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class MinimumRequirement(Base):
    __tablename__ = "minimum_requirements"
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.String(300))
    # A document the provider uploads as evidence (a VOG policy, an insurance certificate), and
    # how many months a piece of evidence counts when it states no expiry date of its own.
    requires_document: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    validity_months: Mapped[Optional[int]] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class Tariff(Base):
    """The gemeente's price per four weeks for one result area at one complexity (bouwsteen):
    a request's maximum price is by default the sum over its result areas."""

    __tablename__ = "tariffs"
    __table_args__ = (
        sa.UniqueConstraint("result_area_id", "complexity_id", name="uq_tariffs_area_complexity"),
        sa.CheckConstraint("price_cents >= 0", name="price_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    result_area_id: Mapped[int] = mapped_column(sa.ForeignKey("result_areas.id"))
    complexity_id: Mapped[int] = mapped_column(sa.ForeignKey("complexity_levels.id"))
    price_cents: Mapped[int] = mapped_column(sa.BigInteger)


class Organisation(Base):
    """A provider organisation (zorgaanbieder); its staff are Users with role provider."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    kvk_number: Mapped[str] = mapped_column(sa.String(8), unique=True)
    agb_code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    contact_name: Mapped[str] = mapped_column(sa.String(120))
    contact_email: Mapped[str] = mapped_column(sa.String(254))
    contact_phone: Mapped[str] = mapped_column(sa.String(32))
    # Category codes the organisation says it offers (a registration statement, not an approval).
    offered_categories: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")  # noqa: F821


class Declaration(Base):
    """The organisation's statement that it meets one of a gemeente's minimum requirements."""

    __tablename__ = "declarations"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "requirement_id", name="uq_declarations_org_req"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    requirement_id: Mapped[int] = mapped_column(sa.ForeignKey("minimum_requirements.id"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    requirement: Mapped[MinimumRequirement] = relationship()


class Approval(Base):
    """Whether a gemeente admits an organisation for one category: the basis of eligibility."""

    __tablename__ = "approvals"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "category_id", name="uq_approvals_org_category"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")  # pending|approved|suspended
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    category: Mapped[Category] = relationship()


class Evidence(Base):
    """A document an organisation uploaded to show it meets a minimum requirement. Stored in the
    database so that every web process serves the same file; the newest per requirement counts."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    requirement_id: Mapped[int] = mapped_column(sa.ForeignKey("minimum_requirements.id"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(64))  # judged from the content, not the name
    size: Mapped[int] = mapped_column()
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    expires_on: Mapped[date] = mapped_column(sa.Date, index=True)
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The expiry job's marks, so that each notice goes out once.
    expiry_warned_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    expired_notified_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    requirement: Mapped[MinimumRequirement] = relationship()
