"""Read-only queries for the provider's pages: only the organisation's own rows, never another
provider's offers or any client data."""
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from ..models import Approval, Bid, Declaration, Gemeente, MinimumRequirement


def own_bids_by_request(session: Session, organisation_id: int, request_ids: list[int]) -> dict[int, Bid]:
    """This organisation's offer per request (at most one each)."""
    if not request_ids:
        return {}
    rows = session.scalars(sa.select(Bid).where(Bid.organisation_id == organisation_id,
                                                Bid.request_id.in_(request_ids)))
    return {b.request_id: b for b in rows}


@dataclass
class GemeenteStatus:
    gemeente: Gemeente
    approvals: list[Approval] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    requirements: list[MinimumRequirement] = field(default_factory=list)

    @property
    def may_apply(self) -> bool:
        """No approval row at all yet: applying is how the organisation asks for one."""
        return not self.approvals


def admission_overview(session: Session, organisation_id: int) -> list[GemeenteStatus]:
    """Per gemeente: this organisation's approvals, declarations (also of requirements retired
    since) and the gemeente's requirements still in force."""
    gemeenten = session.scalars(sa.select(Gemeente).order_by(Gemeente.name)).all()
    by_id = {g.id: GemeenteStatus(gemeente=g) for g in gemeenten}
    for approval in session.scalars(
            sa.select(Approval).where(Approval.organisation_id == organisation_id)
            .options(selectinload(Approval.category)).order_by(Approval.id)):
        by_id[approval.gemeente_id].approvals.append(approval)
    for requirement in session.scalars(sa.select(MinimumRequirement).where(MinimumRequirement.active.is_(True))
                                       .order_by(MinimumRequirement.id)):
        if requirement.gemeente_id in by_id:
            by_id[requirement.gemeente_id].requirements.append(requirement)
    for declaration in session.scalars(
            sa.select(Declaration).where(Declaration.organisation_id == organisation_id)
            .options(selectinload(Declaration.requirement)).order_by(Declaration.id)):
        gemeente_status = by_id.get(declaration.requirement.gemeente_id)
        if gemeente_status is not None:
            gemeente_status.declarations.append(declaration)
    return list(by_id.values())
