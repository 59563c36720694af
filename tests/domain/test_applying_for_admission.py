"""A provider asking a gemeente for admission (marketplace.providers.onboarding.apply_to_gemeente)
and the requirements its status page offers to declare (marketplace.provider.queries): only the
gemeente's requirements still in force; one it retired is neither asked nor offered."""
import pytest
import sqlalchemy as sa

from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Approval, Declaration, Gemeente, MinimumRequirement
from marketplace.provider.queries import admission_overview
from marketplace.providers.onboarding import apply_to_gemeente
from tests.support import world


@pytest.fixture
def newcomer(ctx):
    """aanbieder5: no approval in Lelystad yet."""
    return world.actor(db.session, "aanbieder5")


@pytest.fixture
def lelystad(ctx):
    return db.session.scalar(sa.select(Gemeente).where(Gemeente.name == "Lelystad"))


def requirements(gemeente) -> list[MinimumRequirement]:
    return list(db.session.scalars(sa.select(MinimumRequirement).where(MinimumRequirement.gemeente_id == gemeente.id)
                                   .order_by(MinimumRequirement.id)))


@pytest.fixture
def retired(lelystad):
    """Lelystad's first requirement, retired (the catalogue keeps it, inactive)."""
    requirement = requirements(lelystad)[0]
    requirement.active = False
    db.session.commit()
    return requirement


def test_a_retired_requirement_is_not_asked_to_be_declared(newcomer, lelystad, retired):
    in_force = [r.id for r in requirements(lelystad) if r.active]
    assert in_force and retired.id not in in_force
    created = apply_to_gemeente(db.session, newcomer, lelystad.id, [str(i) for i in in_force])
    assert created and all(a.status == "pending" for a in created)
    declared = db.session.scalars(sa.select(Declaration.requirement_id)
                                  .where(Declaration.organisation_id == newcomer.organisation_id)).all()
    assert sorted(declared) == in_force


def test_leaving_out_a_requirement_in_force_is_still_refused(newcomer, lelystad, retired):
    in_force = [r.id for r in requirements(lelystad) if r.active]
    with pytest.raises(DomainError) as refused:
        apply_to_gemeente(db.session, newcomer, lelystad.id, [str(retired.id), *map(str, in_force[1:])])
    db.session.rollback()
    assert "requirements" in refused.value.extra["fields"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Approval)
                             .where(Approval.organisation_id == newcomer.organisation_id)) == 0


def test_the_status_page_offers_only_the_requirements_in_force(newcomer, lelystad, retired):
    [status] = [s for s in admission_overview(db.session, newcomer.organisation_id) if s.gemeente.id == lelystad.id]
    offered = [r.id for r in status.requirements]
    assert retired.id not in offered
    assert offered == [r.id for r in requirements(lelystad) if r.active]
