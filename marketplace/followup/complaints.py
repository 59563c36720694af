"""Complaints about an assignment (about the provider or the gemeente), registered by the
consultant and numbered 1, 2, ... per assignment; each resolved once, with its date and how."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.errors import Text, invalid_state, not_found, validation_error
from ..auction.inputs import MAX_ID, Fields
from ..auction.records import audit
from ..auction.transactions import locked_request, server_now
from ..models import Complaint
from . import states
from .assignments import check_day, consultants_assignment, shown, today

TEXT_MAX_LENGTH = 4000


def register(session: Session, actor: Actor, request_id: int, received_on, about, summary) -> Complaint:
    """A complaint received on `received_on` (not before the award, not ahead of today), at any
    point of the assignment's life: one may come in after the end too."""
    f = Fields({"received_on": received_on, "about": about, "summary": summary})
    day = f.date("received_on")
    about = f.choice("about", list(states.COMPLAINT_ABOUT))
    summary = f.text("summary", max_length=TEXT_MAX_LENGTH)
    f.done()
    with locked_request(session, request_id) as request:
        assignment = consultants_assignment(session, actor, request)
        errors: dict = {}
        check_day(errors, "received_on", day, today(session), assignment.awarded_on,
                  Text("Een klacht over deze toewijzing kan niet vóór de gunning (%(date)s) zijn ontvangen.",
                       date=shown(assignment.awarded_on)))
        if errors:
            raise validation_error(errors)
        now = server_now(session)
        number = (session.scalar(sa.select(sa.func.max(Complaint.number)).where(
            Complaint.assignment_id == assignment.id)) or 0) + 1
        complaint = Complaint(assignment_id=assignment.id, number=number, received_on=day, about=about,
                              summary=summary, created_by_id=actor.user_id, created_at=now)
        session.add(complaint)
        audit(session, actor, "complaint_registered", request, at=now, number=number, about=about,
              received_on=day.isoformat())
    return complaint


def resolve(session: Session, actor: Actor, request_id: int, number, resolved_on, resolution) -> Complaint:
    """Complaint `number` resolved on `resolved_on` (not before it came in, not ahead of today),
    once."""
    f = Fields({"resolved_on": resolved_on, "resolution": resolution})
    day = f.date("resolved_on")
    resolution = f.text("resolution", max_length=TEXT_MAX_LENGTH)
    f.done()
    with locked_request(session, request_id) as request:
        assignment = consultants_assignment(session, actor, request)
        complaint = None
        if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= MAX_ID:
            complaint = session.scalar(sa.select(Complaint).where(
                Complaint.assignment_id == assignment.id, Complaint.number == number))
        if complaint is None:
            raise not_found(Text("Deze klacht bestaat niet bij deze toewijzing."))
        if complaint.resolved_on is not None:
            raise invalid_state(Text("Klacht %(number)s is al afgehandeld (%(date)s).", number=number,
                                     date=shown(complaint.resolved_on)))
        errors: dict = {}
        check_day(errors, "resolved_on", day, today(session), complaint.received_on,
                  Text("De afhandeling kan niet vóór de ontvangst van de klacht liggen (%(date)s).",
                       date=shown(complaint.received_on)))
        if errors:
            raise validation_error(errors)
        complaint.resolved_on = day
        complaint.resolution = resolution
        audit(session, actor, "complaint_resolved", request, number=number, resolved_on=day.isoformat())
    return complaint
