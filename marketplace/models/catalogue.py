"""A gemeente's catalogue (categories, result areas, complexity, minimum requirements) and
the provider organisations it approves per category."""
from datetime import datetime
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


class ResultArea(Base):
    __tablename__ = "result_areas"
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "code", name="uq_result_areas_gemeente_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(160))


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


class MinimumRequirement(Base):
    __tablename__ = "minimum_requirements"
    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeenten.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.String(300))


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
