"""Read-only queries the consultant pages need and the domain does not offer as such.
Nothing here writes or decides; it only collects rows for display."""
from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ..auction.actors import user_id_of
from ..auction.inputs import today_by_the_clock
from ..extensions import db
from ..models import (
    Approval,
    AuditEvent,
    Bid,
    Category,
    ComplexityLevel,
    Declaration,
    MinimumRequirement,
    Organisation,
    ResultArea,
    User,
)
from ..providers import evidence


def catalogue(gemeente_id: int):
    """The gemeente's categories, result areas and complexity levels, for the request form."""
    categories = db.session.scalars(sa.select(Category).where(Category.gemeente_id == gemeente_id)
                                    .order_by(Category.name)).all()
    areas = db.session.scalars(sa.select(ResultArea).where(ResultArea.gemeente_id == gemeente_id)
                               .order_by(ResultArea.id)).all()
    levels = db.session.scalars(sa.select(ComplexityLevel).where(ComplexityLevel.gemeente_id == gemeente_id)
                                .order_by(ComplexityLevel.position)).all()
    return categories, areas, levels


def complexity_names(gemeente_id: int) -> dict[str, str]:
    return {c.code: c.name for c in db.session.scalars(
        sa.select(ComplexityLevel).where(ComplexityLevel.gemeente_id == gemeente_id))}


def active_offer_counts(request_ids) -> dict[int, int]:
    ids = list(request_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Bid.request_id, sa.func.count()).where(Bid.request_id.in_(ids), Bid.status == "active")
        .group_by(Bid.request_id)).all()
    return dict(rows)


def audit_trail(request_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.request_id == request_id)
        .order_by(AuditEvent.id.desc())))  # insertion order: some events carry the server clock, some not


def actor_names(events) -> dict[str, str]:
    """"user:12" -> "Naam (organisatie)"; system actors are named by the presenter."""
    ids = {uid for uid in map(user_id_of, (e.actor for e in events)) if uid is not None}
    if not ids:
        return {}
    users = db.session.scalars(sa.select(User).where(User.id.in_(ids))
                               .options(selectinload(User.organisation))).all()
    names = {}
    for user in users:
        label = user.name
        if user.organisation is not None:
            label += f" ({user.organisation.name})"
        elif user.is_consultant:
            label = _("%(name)s (consulent)", name=user.name)
        names[f"user:{user.id}"] = label
    return names


def organisations_for(gemeente_id: int, organisation_id: int | None = None) -> list[dict]:
    """Every organisation with an Approval row for this gemeente, with its approvals per
    category and its declarations of this gemeente's minimum requirements."""
    stmt = (sa.select(Approval).where(Approval.gemeente_id == gemeente_id)
            .options(selectinload(Approval.organisation), selectinload(Approval.category)))
    if organisation_id is not None:
        stmt = stmt.where(Approval.organisation_id == organisation_id)
    approvals = db.session.scalars(stmt).all()
    by_org: dict[int, list[Approval]] = defaultdict(list)
    for approval in approvals:
        by_org[approval.organisation_id].append(approval)
    if not by_org:
        return []
    requirements = db.session.scalars(sa.select(MinimumRequirement).where(
        MinimumRequirement.gemeente_id == gemeente_id).order_by(MinimumRequirement.id)).all()
    declared = {(d.organisation_id, d.requirement_id): d.declared_at for d in db.session.scalars(
        sa.select(Declaration).where(Declaration.organisation_id.in_(list(by_org)),
                                     Declaration.requirement_id.in_([r.id for r in requirements])))}
    deciders = {u.id: u.name for u in db.session.scalars(sa.select(User).where(
        User.id.in_({a.decided_by_id for a in approvals if a.decided_by_id})))}
    documents = evidence.document_requirements(db.session, gemeente_id)
    newest = evidence.newest_evidence(db.session, list(by_org), [r.id for r in documents])
    today = today_by_the_clock()
    result = []
    for org_id, rows in by_org.items():
        org: Organisation = rows[0].organisation
        result.append({
            "organisation": org,
            "approvals": sorted(rows, key=lambda a: a.category.name),
            "declarations": [{"requirement": r, "declared_at": declared.get((org_id, r.id))}
                             for r in requirements],
            "evidence": [evidence.RequirementEvidence(r, newest.get((org_id, r.id)),
                                                      evidence.state_of(newest.get((org_id, r.id)), today))
                         for r in documents],
            "deciders": deciders,
            "pending": any(a.status == "pending" for a in rows),
        })
    return sorted(result, key=lambda o: (not o["pending"], o["organisation"].name.lower()))
