"""The daily reminder of reviews that are due: an inbox notice and an e-mail to the consultant
who made the request (or, when that person no longer can act on it, every consultant of the
gemeente), once per due date."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.actors import SCHEDULER
from ..auction.errors import Text
from ..auction.records import audit, gemeente_consultants, notify
from ..auction.transactions import locked_request
from ..models import Assignment, Request, User
from . import states
from .assignments import assignment_of, shown


def _due(today):
    """Started, the next review on or before today, and not yet reminded of that date."""
    return sa.and_(Assignment.status == states.STARTED, Assignment.next_review_on <= today,
                   sa.or_(Assignment.review_reminded_on.is_(None),
                          Assignment.review_reminded_on < Assignment.next_review_on))


def is_due(assignment: Assignment, today) -> bool:
    """_due, asked of a loaded assignment (under its request's lock)."""
    return (assignment.status == states.STARTED and assignment.next_review_on is not None
            and assignment.next_review_on <= today
            and (assignment.review_reminded_on is None or assignment.review_reminded_on < assignment.next_review_on))


def remind_due_reviews(session: Session, today) -> list[int]:
    """Remind of every review due by `today` (Amsterdam's date by the server's clock); returns
    the requests reminded of. Running it twice on a day reminds nobody twice."""
    request_ids = session.scalars(sa.select(Assignment.request_id).where(_due(today))
                                  .order_by(Assignment.next_review_on, Assignment.id)).all()
    session.commit()
    reminded = []
    for request_id in request_ids:
        with locked_request(session, request_id) as request:
            assignment = assignment_of(session, request_id)
            if not is_due(assignment, today):
                continue  # reviewed or ended since the list was read
            users = recipients(session, request)
            notify(session, users, "review_due",
                   Text("Evaluatie met de cliënt: %(reference)s", reference=request.reference),
                   Text("De evaluatie van de ondersteuning bij %(reference)s staat gepland op %(date)s. Bespreek de "
                        "resultaten met de cliënt en leg ze vast.", reference=request.reference,
                        date=shown(assignment.next_review_on)),
                   f"/consulent/aanvragen/{request.id}/toewijzing", gemeente_id=request.gemeente_id)
            assignment.review_reminded_on = today
            audit(session, SCHEDULER, "review_reminder_sent", request, due_on=assignment.next_review_on.isoformat(),
                  recipients=len(users))
            reminded.append(request_id)
    return reminded


def recipients(session: Session, request: Request) -> list[User]:
    """The consultant who made the request, while still an active consultant of its gemeente;
    otherwise every active consultant of the gemeente, so the review is never nobody's."""
    creator = session.get(User, request.created_by_id)
    if creator is not None and creator.active and creator.role == "consultant" \
            and creator.gemeente_id == request.gemeente_id:
        return [creator]
    return [u for u in gemeente_consultants(session, request.gemeente_id) if u.active]
