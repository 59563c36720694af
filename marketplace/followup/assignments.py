"""The assignment's life: made at the award, started (confirmed by the winner or the consultant),
reviewed per result area at the frequency the consultant sets, and ended with a reason; a
switch of provider also makes the follow-up draft (switching.py).

Every change takes the request's lock (auction.transactions.locked_request), as the award
does, and is written to the request's audit trail. The server's clock decides what "today" is:
a start, review or end cannot lie ahead of it, nor before what it follows."""
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.access import require_consultant_of
from ..auction.actors import Actor
from ..auction.errors import DomainError, Text, invalid_state, not_found, validation_error
from ..auction.inputs import AMSTERDAM, Fields
from ..auction.records import audit, notify, organisation_users
from ..auction.transactions import locked_request, server_now
from ..models import Assignment, Bid, Request, Review, ReviewResult
from . import states
from .switching import follow_up_draft

NOTE_MAX_LENGTH = 4000


# --- shared by the follow-up's use cases ------------------------------------------------------

def today(session: Session) -> date:
    """Today in Amsterdam by the server's clock (the database's on PostgreSQL)."""
    return server_now(session).astimezone(AMSTERDAM).date()


def shown(day: date) -> str:
    """A date inside a message, as people read it."""
    return day.strftime("%d-%m-%Y")


def assignment_of(session: Session, request_id: int) -> Assignment | None:
    return session.scalar(sa.select(Assignment).where(Assignment.request_id == request_id))


def not_awarded() -> DomainError:
    return invalid_state(Text("Deze aanvraag is nog niet gegund: er is nog geen toewijzing."))


def consultants_assignment(session: Session, actor: Actor, request: Request) -> Assignment:
    """The assignment a consultant of the request's gemeente works on (others: as
    require_consultant_of decides)."""
    require_consultant_of(actor, request)
    assignment = assignment_of(session, request.id)
    if assignment is None:
        raise not_awarded()
    return assignment


def check_day(errors: dict, name: str, day: date | None, today_: date, not_before: date | None = None,
              not_before_message: Text | None = None) -> None:
    """A day that records what happened: not after today, and not before what it follows."""
    if day is None:
        return
    if day > today_:
        errors.setdefault(name, Text("Deze datum ligt in de toekomst; vul de datum in waarop het gebeurde."))
    elif not_before is not None and day < not_before:
        errors.setdefault(name, not_before_message)


def read_zrm(f: Fields, name: str = "zrm") -> dict[str, int] | None:
    """{domain: 1-5} over the default ZRM domains; absent or empty: None."""
    raw = f.data.get(name)
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, dict):
        f.fail(name, Text("Moet een object zijn: per ZRM-domein een score van 1 tot en met 5."))
        return None
    scores = {}
    for domain, value in raw.items():
        if domain not in states.ZRM_DOMAINS:
            f.fail(name, Text("Onbekend ZRM-domein: %(domain)s.", domain=str(domain)[:60]))
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not states.ZRM_MIN <= value <= states.ZRM_MAX:
            f.fail(f"{name}.{domain}", Text("Een ZRM-score is een heel getal van 1 tot en met 5."))
            continue
        scores[domain] = value
    return scores or None


# --- the award makes it ---------------------------------------------------------------------

def create_for_award(session: Session, request: Request, winning_bid: Bid, now: datetime) -> Assignment:
    """The awarded offer as an assignment, in the award's own transaction (under its lock): the
    gemeente, category and organisation copied, so the record and the figures need no joins."""
    assignment = Assignment(
        request_id=request.id, bid_id=winning_bid.id, gemeente_id=request.gemeente_id,
        organisation_id=winning_bid.organisation_id, category_id=request.category_id,
        price_cents=winning_bid.price_cents, offered_start_date=winning_bid.start_date,
        awarded_on=now.astimezone(AMSTERDAM).date(), status=states.AWARDED, created_at=now)
    session.add(assignment)
    return assignment


def has_started(session: Session, request_id: int) -> bool:
    """Whether the support of this request has started (and so the client may be surveyed)."""
    status = session.scalar(sa.select(Assignment.status).where(Assignment.request_id == request_id))
    return status is not None and states.survey_open(status)


# --- the start ------------------------------------------------------------------------------

def start(session: Session, actor: Actor, request_id: int, started_on, zrm=None) -> Assignment:
    """The actual start, once: by the winning provider or a consultant of the gemeente; not
    before the award, not ahead of today. The consultant may record the ZRM scores at the
    start with it (the baseline each review's change is measured from)."""
    f = Fields({"started_on": started_on, "zrm": zrm})
    day = f.date("started_on")
    scores = read_zrm(f)
    f.done()
    with locked_request(session, request_id) as request:
        assignment = assignment_of(session, request.id)
        if actor.is_provider:
            if assignment is None or assignment.organisation_id != actor.organisation_id:
                raise not_found()
        else:
            assignment = consultants_assignment(session, actor, request)
        if not states.may_start(assignment.status):
            raise invalid_state(Text("De start van deze ondersteuning is al vastgelegd (%(date)s).",
                                     date=shown(assignment.started_on)) if assignment.started_on else
                                Text("Deze toewijzing is beëindigd; er is geen start meer vast te leggen."))
        errors: dict = {}
        if scores and not actor.is_consultant:
            # The baseline is the gemeente's measurement: the provider's change would start from it.
            errors["zrm"] = Text("Alleen de consulent legt ZRM-scores vast.")
        check_day(errors, "started_on", day, today(session), assignment.awarded_on,
                  Text("De start kan niet vóór de gunning liggen (%(date)s).", date=shown(assignment.awarded_on)))
        if errors:
            raise validation_error(errors)
        now = server_now(session)
        assignment.status = states.STARTED
        assignment.started_on = day
        assignment.next_review_on = day + timedelta(weeks=assignment.review_every_weeks)
        assignment.review_reminded_on = None
        if scores:
            session.add(Review(assignment_id=assignment.id, reviewed_on=day, kind="start", zrm=scores, note="",
                               created_by_id=actor.user_id, created_at=now))
        audit(session, actor, "assignment_started", request, at=now, started_on=day.isoformat(),
              offered_start_date=assignment.offered_start_date.isoformat(), zrm_domains=len(scores or {}))
    return assignment


# --- reviews ----------------------------------------------------------------------------------

def read_results(f: Fields, raw) -> dict[str, str]:
    """[{"code", "outcome"}, ...] -> {code: outcome}; each code once. Whether the codes are the
    request's result areas is asked under the lock."""
    if not isinstance(raw, list) or not raw:
        f.fail("results", Text("Geef per resultaatgebied een uitkomst: behaald, deels of niet behaald."))
        return {}
    outcomes: dict[str, str] = {}
    for item in raw:
        code = item.get("code") if isinstance(item, dict) else None
        outcome = item.get("outcome") if isinstance(item, dict) else None
        if not isinstance(code, str) or not code or len(code) > 64:
            f.fail("results", Text("Elke uitkomst heeft een resultaatgebied (code) en een uitkomst (outcome)."))
        elif code in outcomes:
            f.fail("results", Text("Resultaatgebied %(code)s staat er twee keer in.", code=code))
        elif outcome not in states.OUTCOMES:
            f.fail(f"results.{code}", Text("Kies een van: %(options)s.", options=", ".join(states.OUTCOMES)))
        else:
            outcomes[code] = outcome
    return outcomes


def add_review(session: Session, actor: Actor, request_id: int, reviewed_on, results, zrm=None,
               note=None) -> Review:
    """A review with the client, by the consultant: exactly one outcome per result area of the
    request, optional ZRM scores, a note; only while the support runs. The next review falls
    the assignment's frequency after this one."""
    f = Fields({"reviewed_on": reviewed_on, "note": note, "zrm": zrm})
    day = f.date("reviewed_on")
    note = f.text("note", required=False, max_length=NOTE_MAX_LENGTH)
    outcomes = read_results(f, results)
    scores = read_zrm(f)
    f.done()
    with locked_request(session, request_id) as request:
        assignment = consultants_assignment(session, actor, request)
        if not states.may_review(assignment.status):
            raise invalid_state(
                Text("Een evaluatie kan pas als de ondersteuning is gestart.") if assignment.status == states.AWARDED
                else Text("Deze toewijzing is beëindigd; er kan geen evaluatie meer bij."))
        errors: dict = {}
        areas = [a.code for a in request.result_areas]
        unknown = [code for code in outcomes if code not in areas]
        if unknown:
            errors["results"] = Text("Deze aanvraag heeft geen resultaatgebied %(codes)s.", codes=", ".join(unknown))
        for code in areas:
            if code not in outcomes:
                errors[f"results.{code}"] = Text("Kies een uitkomst voor dit resultaatgebied.")
        check_day(errors, "reviewed_on", day, today(session), assignment.started_on,
                  Text("De evaluatie kan niet vóór de start liggen (%(date)s).", date=shown(assignment.started_on)))
        if errors:
            raise validation_error(errors)
        now = server_now(session)
        review = Review(assignment_id=assignment.id, reviewed_on=day, kind="review", zrm=scores, note=note,
                        created_by_id=actor.user_id, created_at=now)
        session.add(review)
        session.flush()
        session.add_all([ReviewResult(review_id=review.id, assignment_id=assignment.id, result_area_code=code,
                                      outcome=outcomes[code]) for code in areas])
        assignment.next_review_on = day + timedelta(weeks=assignment.review_every_weeks)
        assignment.review_reminded_on = None
        audit(session, actor, "assignment_reviewed", request, at=now, review_id=review.id,
              reviewed_on=day.isoformat(), outcomes={code: outcomes[code] for code in areas},
              zrm_domains=len(scores or {}), next_review_on=assignment.next_review_on.isoformat())
    return review


def set_review_frequency(session: Session, actor: Actor, request_id: int, weeks) -> Assignment:
    """Every how many weeks the consultant reviews with this client; a running assignment's next
    review moves to that many weeks after the last one (or the start)."""
    f = Fields({"review_every_weeks": weeks})
    weeks = f.integer("review_every_weeks", minimum=states.REVIEW_WEEKS_MIN, maximum=states.REVIEW_WEEKS_MAX)
    f.done()
    with locked_request(session, request_id) as request:
        assignment = consultants_assignment(session, actor, request)
        if not states.may_change_frequency(assignment.status):
            raise invalid_state(Text("Deze toewijzing is beëindigd; er komen geen evaluaties meer."))
        previous = assignment.review_every_weeks
        assignment.review_every_weeks = weeks
        if assignment.status == states.STARTED:
            last = session.scalar(sa.select(sa.func.max(Review.reviewed_on)).where(
                Review.assignment_id == assignment.id, Review.kind == "review")) or assignment.started_on
            assignment.next_review_on = last + timedelta(weeks=weeks)
            assignment.review_reminded_on = None
        audit(session, actor, "review_frequency_set", request, review_every_weeks=weeks,
              previous_review_every_weeks=previous,
              next_review_on=assignment.next_review_on.isoformat() if assignment.next_review_on else None)
    return assignment


# --- the end --------------------------------------------------------------------------------

def end(session: Session, actor: Actor, request_id: int, ended_on, reason, note=None) -> Assignment:
    """The end, by the consultant, with one of the contract's reasons; not before the start (or,
    never started, the award), not ahead of today. `switch_provider` needs support that started,
    and makes the follow-up draft for the same need with the old provider excluded
    (assignment.follow_up_request_id)."""
    f = Fields({"ended_on": ended_on, "reason": reason, "note": note})
    day = f.date("ended_on")
    reason = f.choice("reason", list(states.END_REASONS))
    note = f.text("note", required=False, max_length=NOTE_MAX_LENGTH)
    f.done()
    with locked_request(session, request_id) as request:
        assignment = consultants_assignment(session, actor, request)
        if assignment.status == states.ENDED:
            raise invalid_state(Text("Deze toewijzing is al beëindigd (%(date)s).", date=shown(assignment.ended_on)))
        if not states.may_end(assignment.status, reason):
            raise invalid_state(Text("Wisselen van aanbieder kan pas als de ondersteuning is gestart. Is de hulp "
                                     "nooit begonnen? Beëindig de toewijzing dan met een andere reden."))
        errors: dict = {}
        if assignment.started_on is not None:
            check_day(errors, "ended_on", day, today(session), assignment.started_on,
                      Text("Het einde kan niet vóór de start liggen (%(date)s).", date=shown(assignment.started_on)))
        else:
            check_day(errors, "ended_on", day, today(session), assignment.awarded_on,
                      Text("Het einde kan niet vóór de gunning liggen (%(date)s).", date=shown(assignment.awarded_on)))
        if errors:
            raise validation_error(errors)
        now = server_now(session)
        assignment.status = states.ENDED
        assignment.ended_on = day
        assignment.end_reason = reason
        assignment.end_note = note or None
        assignment.next_review_on = None
        if reason == states.SWITCH_PROVIDER:
            follow_up = follow_up_draft(session, actor, request, assignment, day, now)
            assignment.follow_up_request_id = follow_up.id
        audit(session, actor, "assignment_ended", request, at=now, ended_on=day.isoformat(), end_reason=reason,
              follow_up_request_id=assignment.follow_up_request_id)
        notify(session, organisation_users(session, [assignment.organisation_id]), "assignment_ended",
               Text("Toewijzing beëindigd: %(reference)s", reference=request.reference),
               Text("De gemeente heeft de ondersteuning bij %(reference)s beëindigd per %(date)s.",
                    reference=request.reference, date=shown(day)),
               f"/aanbieder/toewijzingen/{request.id}", gemeente_id=request.gemeente_id)
    return assignment
