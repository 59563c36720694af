"""What each caller may read of the follow-up: the assignment as the contract shapes it (the
consultant all of it; the winning provider its own assignment's course and outcomes, never the
client's survey answers or comment, notes or ZRM scores), and a provider's own list and figures.

Why the provider does not see the survey's answers: the provider knows who the client is, so
one client's scores are that client's words about the people who come to their home. It sees
its satisfaction only as a mean over several answers (SATISFACTION_SHOWN_FROM)."""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.access import get_visible_request
from ..auction.actors import Actor
from ..auction.errors import not_found
from ..models import (
    Assignment,
    Category,
    Complaint,
    Gemeente,
    Organisation,
    Request,
    ResultArea,
    Review,
    ReviewResult,
    SurveyResponse,
)
from . import states
from .assignments import assignment_of, not_awarded
from .survey import response_of

SATISFACTION_SHOWN_FROM = 3


def assignment_view(session: Session, actor: Actor, request_id: int) -> dict:
    """GET …/assignment: a consultant of the gemeente, or the winning provider; anyone else who
    cannot see the request, or sees it but did not win it, gets not_found."""
    request = get_visible_request(session, actor, request_id)
    assignment = assignment_of(session, request.id)
    if actor.is_provider:
        if assignment is None or assignment.organisation_id != actor.organisation_id:
            raise not_found()
    elif actor.is_consultant:
        if assignment is None:
            raise not_awarded()
    else:
        raise not_found()
    return render(session, request, assignment, full=actor.is_consultant)


def render(session: Session, request: Request, assignment: Assignment, full: bool) -> dict:
    """The assignment as a dict; `full` for the gemeente's consultants."""
    organisation = session.get(Organisation, assignment.organisation_id)
    names = dict(session.execute(sa.select(ResultArea.code, ResultArea.name)
                                 .where(ResultArea.gemeente_id == request.gemeente_id)).all())
    body = {
        "request_id": request.id,
        "reference": request.reference,
        "provider": {"id": organisation.id, "name": organisation.name},
        "price_cents": assignment.price_cents,
        "offered_start_date": assignment.offered_start_date.isoformat(),
        "awarded_on": assignment.awarded_on.isoformat(),
        "started_on": _day(assignment.started_on),
        "status": assignment.status,
        "ended_on": _day(assignment.ended_on),
        "end_reason": assignment.end_reason,
        "review_every_weeks": assignment.review_every_weeks,
        "next_review_on": _day(assignment.next_review_on),
        "result_areas": [{"code": a.code, "name": names.get(a.code, a.code), "complexity": a.complexity}
                         for a in request.result_areas],
        "reviews": reviews(session, assignment, full),
        "complaints": complaints(session, assignment, full),
        "survey": survey(session, assignment, full),
    }
    if full:
        body["end_note"] = assignment.end_note
        body["follow_up_request_id"] = assignment.follow_up_request_id
    return body


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def reviews(session: Session, assignment: Assignment, full: bool) -> list[dict]:
    """Oldest first. Each ZRM score is also shown as its change from the baseline: the scores at
    the start, or else the first review that had them."""
    rows = session.scalars(sa.select(Review).where(Review.assignment_id == assignment.id)
                           .order_by(Review.reviewed_on, Review.id)).all()
    results: dict[int, list[dict]] = {}
    for result in session.scalars(sa.select(ReviewResult).where(ReviewResult.assignment_id == assignment.id)
                                  .order_by(ReviewResult.id)):
        results.setdefault(result.review_id, []).append({"code": result.result_area_code, "outcome": result.outcome})
    baseline = next((r.zrm for r in rows if r.kind == "start" and r.zrm), None) \
        or next((r.zrm for r in rows if r.zrm), None)
    shown = []
    for review in rows:
        if not full and review.kind != "review":
            continue
        item = {"id": review.id, "reviewed_on": review.reviewed_on.isoformat(), "kind": review.kind,
                "results": results.get(review.id, [])}
        if full:
            item["zrm"] = review.zrm
            item["zrm_change"] = zrm_change(baseline, review.zrm)
            item["note"] = review.note
        shown.append(item)
    return shown


def zrm_change(baseline: dict | None, scores: dict | None) -> dict | None:
    """Per domain scored both times: the score now minus the baseline (+2: two steps more
    self-sufficient)."""
    if not baseline or not scores:
        return None
    return {domain: scores[domain] - baseline[domain] for domain in states.ZRM_DOMAINS
            if domain in scores and domain in baseline}


def complaints(session: Session, assignment: Assignment, full: bool) -> list[dict]:
    """The consultant: every complaint with its text. The provider: the complaints about it, when
    they came in and whether they were resolved, without the texts (the gemeente tells it what
    it needs to know)."""
    rows = session.scalars(sa.select(Complaint).where(Complaint.assignment_id == assignment.id)
                           .order_by(Complaint.number)).all()
    if full:
        return [{"number": c.number, "received_on": c.received_on.isoformat(), "about": c.about,
                 "summary": c.summary, "resolved_on": _day(c.resolved_on), "resolution": c.resolution}
                for c in rows]
    return [{"number": c.number, "received_on": c.received_on.isoformat(), "about": c.about,
             "resolved_on": _day(c.resolved_on)} for c in rows if c.about == "provider"]


def survey(session: Session, assignment: Assignment, full: bool) -> dict:
    response = response_of(session, assignment.id)
    body = {"open": states.survey_open(assignment.status), "submitted": response is not None}
    if response is not None and full:
        body.update({"submitted_at": response.submitted_at.isoformat(),
                     "on_behalf_of_client": response.on_behalf_of_client, "answers": response.answers,
                     "mean_score": response.mean_score, "comment": response.comment})
    return body


# --- the provider's own --------------------------------------------------------------------------

@dataclass
class AssignmentRow:
    assignment: Assignment
    reference: str
    category: str
    gemeente: str


def provider_assignments(session: Session, organisation_id: int) -> list[AssignmentRow]:
    """This organisation's assignments, those still to start first, then by award, newest first."""
    rows = session.execute(
        sa.select(Assignment, Request.reference, Category.name, Gemeente.name)
        .join(Request, Request.id == Assignment.request_id)
        .join(Category, Category.id == Assignment.category_id)
        .join(Gemeente, Gemeente.id == Assignment.gemeente_id)
        .where(Assignment.organisation_id == organisation_id)
        .order_by(sa.case((Assignment.status == states.AWARDED, 0), (Assignment.status == states.STARTED, 1),
                          else_=2), Assignment.awarded_on.desc(), Assignment.id.desc())).all()
    return [AssignmentRow(a, reference, category, gemeente) for a, reference, category, gemeente in rows]


@dataclass
class Figures:
    """A provider's own figures in one gemeente, as counts (a rate is only shown beside them)."""
    gemeente: str
    assignments: int = 0
    awaiting_start: int = 0
    started: int = 0  # running now
    ended: int = 0
    ended_after_start: int = 0
    started_on_time: int = 0  # on or before the start date it offered
    outcomes: dict = field(default_factory=lambda: {o: 0 for o in states.OUTCOMES})
    complaints: int = 0
    survey_answers: int = 0
    satisfaction_mean: float | None = None  # None below SATISFACTION_SHOWN_FROM answers

    @property
    def ever_started(self) -> int:
        return self.started + self.ended_after_start

    @property
    def reviewed_results(self) -> int:
        return sum(self.outcomes.values())


def provider_figures(session: Session, organisation_id: int) -> list[Figures]:
    """Per gemeente: assignments by status, starts on or before the offered date, review outcomes
    per result area, complaints about the provider, and the survey's mean from enough answers."""
    by_gemeente: dict[int, Figures] = {}
    mine = Assignment.organisation_id == organisation_id
    for gemeente_id, name, status, started_on, offered in session.execute(
            sa.select(Assignment.gemeente_id, Gemeente.name, Assignment.status, Assignment.started_on,
                      Assignment.offered_start_date)
            .join(Gemeente, Gemeente.id == Assignment.gemeente_id).where(mine)):
        row = by_gemeente.setdefault(gemeente_id, Figures(gemeente=name))
        row.assignments += 1
        if status == states.AWARDED:
            row.awaiting_start += 1
        elif status == states.STARTED:
            row.started += 1
        else:
            row.ended += 1
            row.ended_after_start += started_on is not None
        row.started_on_time += started_on is not None and started_on <= offered
    for gemeente_id, outcome, count in session.execute(
            sa.select(Assignment.gemeente_id, ReviewResult.outcome, sa.func.count()).select_from(ReviewResult)
            .join(Assignment, Assignment.id == ReviewResult.assignment_id).where(mine)
            .group_by(Assignment.gemeente_id, ReviewResult.outcome)):
        if gemeente_id in by_gemeente and outcome in states.OUTCOMES:
            by_gemeente[gemeente_id].outcomes[outcome] += count
    for gemeente_id, count in session.execute(
            sa.select(Assignment.gemeente_id, sa.func.count()).select_from(Complaint)
            .join(Assignment, Assignment.id == Complaint.assignment_id)
            .where(mine, Complaint.about == "provider").group_by(Assignment.gemeente_id)):
        if gemeente_id in by_gemeente:
            by_gemeente[gemeente_id].complaints = count
    for gemeente_id, count, mean in session.execute(
            sa.select(Assignment.gemeente_id, sa.func.count(), sa.func.avg(SurveyResponse.mean_score))
            .select_from(SurveyResponse).join(Assignment, Assignment.id == SurveyResponse.assignment_id).where(mine)
            .group_by(Assignment.gemeente_id)):
        if gemeente_id in by_gemeente:
            by_gemeente[gemeente_id].survey_answers = count
            if count >= SATISFACTION_SHOWN_FROM:
                by_gemeente[gemeente_id].satisfaction_mean = round(float(mean), 1)
    return sorted(by_gemeente.values(), key=lambda f: f.gemeente)
