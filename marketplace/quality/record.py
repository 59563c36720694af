"""A provider's record in one gemeente, from its assignments there: how many started and ended,
how fast and how punctually they started, the results reached, the clients' satisfaction and
the complaints about it. Shown beside every offer at the moment of choice (CONTRACT.md, "A
provider's record").

`compute_record` is the arithmetic, pure, on plain facts; `records_for` reads those facts for
any number of organisations in four queries, so a comparison of ten offers costs what one does.

The decisions behind each figure:
- `assignments` counts the assignments that started (started or since ended): support that was
  actually delivered. `awarded` (added to the contract's shape) counts every assignment, started
  or not. `new_provider` is true below five started assignments.
- `median_days_to_start`: from the award to the confirmed start, over the started ones.
- `started_on_time_rate`: started on or before the offered start date, out of the assignments
  that are due: those that started, and those whose offered date has passed without a start
  (they count as not on time until a start is confirmed; one that ended without ever starting is
  left out). The counts are in `started_on_time`: {"on_time", "due"}.
- `results.achieved_rate`: over every result-area outcome of every review; "achieved" counts 1,
  "partly" counts half and "not_achieved" 0, so a provider that mostly gets halfway sits in
  the middle rather than at either end.
- `satisfaction.mean`: the mean of each survey's mean score (1-5), one survey per assignment.
- `complaints_per_100`: complaints about the provider (not about the gemeente) per 100
  assignments awarded; the count itself is in `complaints`.
Every rate comes with the count it is taken over, and is null when that count is zero."""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.errors import not_found
from ..auction.inputs import today_by_the_clock
from ..models import Approval, Assignment, Complaint, ReviewResult, SurveyResponse

NEW_PROVIDER_BELOW = 5
OUTCOME_WEIGHT = {"achieved": 1.0, "partly": 0.5, "not_achieved": 0.0}


@dataclass(frozen=True)
class AssignmentFacts:
    """What the record needs of one assignment."""

    awarded_on: date
    offered_start_date: date
    started_on: date | None = None
    status: str = "awarded"  # awarded | started | ended


@dataclass(frozen=True)
class SurveyFacts:
    """The surveys of one provider: how many, and the sum of their mean scores."""

    responses: int = 0
    total: float = 0.0

    @classmethod
    def of(cls, means: Iterable[float]) -> "SurveyFacts":
        means = list(means)
        return cls(len(means), float(sum(means)))


def _rate(part: float, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _whole_if_whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def compute_record(assignments: Sequence[AssignmentFacts], outcomes: Mapping[str, int], surveys: SurveyFacts,
                   complaints: int, today: date) -> dict:
    """The record, in the contract's shape, from one provider's facts in one gemeente.
    `outcomes` counts review results by outcome; `complaints` counts those about the provider."""
    started = [a for a in assignments if a.started_on is not None]
    due = [a for a in assignments
           if a.started_on is not None or (a.status != "ended" and a.offered_start_date < today)]
    on_time = sum(1 for a in due if a.started_on is not None and a.started_on <= a.offered_start_date)
    reviews = sum(outcomes.get(outcome, 0) for outcome in OUTCOME_WEIGHT)
    achieved = sum(weight * outcomes.get(outcome, 0) for outcome, weight in OUTCOME_WEIGHT.items())
    days = [(a.started_on - a.awarded_on).days for a in started]
    return {
        "assignments": len(started),
        "ended": sum(1 for a in started if a.status == "ended"),
        "awarded": len(assignments),
        "median_days_to_start": _whole_if_whole(median(days)) if days else None,
        "started_on_time_rate": _rate(on_time, len(due)),
        "started_on_time": {"on_time": on_time, "due": len(due)},
        "results": {"reviews": reviews, "achieved_rate": _rate(achieved, reviews)},
        "satisfaction": {"responses": surveys.responses,
                         "mean": round(surveys.total / surveys.responses, 2) if surveys.responses else None},
        "complaints": complaints,
        "complaints_per_100": round(100 * complaints / len(assignments), 1) if assignments else None,
        "new_provider": len(started) < NEW_PROVIDER_BELOW,
    }


def records_for(session: Session, gemeente_id: int, organisation_ids: Iterable[int],
                today: date | None = None) -> dict[int, dict]:
    """Each organisation's record in this gemeente, in four queries whatever their number."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return {}
    today = today or today_by_the_clock()
    here = sa.and_(Assignment.gemeente_id == gemeente_id, Assignment.organisation_id.in_(ids))
    facts: dict[int, list[AssignmentFacts]] = {org: [] for org in ids}
    for org, awarded_on, offered, started_on, status in session.execute(
            sa.select(Assignment.organisation_id, Assignment.awarded_on, Assignment.offered_start_date,
                      Assignment.started_on, Assignment.status).where(here)):
        facts[org].append(AssignmentFacts(awarded_on, offered, started_on, status))
    outcomes: dict[int, dict[str, int]] = {org: {} for org in ids}
    for org, outcome, count in session.execute(
            sa.select(Assignment.organisation_id, ReviewResult.outcome, sa.func.count())
            .select_from(ReviewResult).join(Assignment, ReviewResult.assignment_id == Assignment.id).where(here)
            .group_by(Assignment.organisation_id, ReviewResult.outcome)):
        outcomes[org][outcome] = count
    surveys = {org: SurveyFacts(count, float(total or 0)) for org, count, total in session.execute(
        sa.select(Assignment.organisation_id, sa.func.count(), sa.func.sum(SurveyResponse.mean_score))
        .select_from(SurveyResponse).join(Assignment, SurveyResponse.assignment_id == Assignment.id).where(here)
        .group_by(Assignment.organisation_id))}
    complaints = dict(session.execute(
        sa.select(Assignment.organisation_id, sa.func.count())
        .select_from(Complaint).join(Assignment, Complaint.assignment_id == Assignment.id)
        .where(here, Complaint.about == "provider").group_by(Assignment.organisation_id)).all())
    return {org: compute_record(facts[org], outcomes[org], surveys.get(org, SurveyFacts()), complaints.get(org, 0),
                                today) for org in ids}


def provider_record(session: Session, gemeente_id: int, organisation_id: int, today: date | None = None) -> dict:
    return records_for(session, gemeente_id, [organisation_id], today)[organisation_id]


def record_for_consultant(session: Session, actor: Actor, organisation_id: int) -> dict:
    """The record a consultant may read: of an organisation its gemeente approved (or approved
    and then suspended). Anyone else, and any other organisation: not_found, so the call does
    not tell which organisations exist."""
    if not actor.is_consultant:
        raise not_found()
    known = session.scalar(sa.select(Approval.id).where(
        Approval.gemeente_id == actor.gemeente_id, Approval.organisation_id == organisation_id,
        Approval.status.in_(("approved", "suspended"))).limit(1))
    if known is None:
        raise not_found()
    return provider_record(session, actor.gemeente_id, organisation_id)
