"""The consultant's assessment of an offer's plan of approach, scored 1-5 with the client after
the close: the `approach` criterion of the award criteria."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction import states
from ..auction.access import require_consultant_of
from ..auction.actors import Actor
from ..auction.errors import Text, invalid_state, not_found, validation_error
from ..auction.inputs import MAX_ID
from ..auction.records import audit
from ..auction.transactions import locked_request, server_now
from ..models import Bid, OfferAssessment


def _approach(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise validation_error({"approach": Text("Geef een geheel getal van 1 (zwak) tot en met 5 (sterk).")})
    return value


def assess(session: Session, actor: Actor, request_id: int, bid_id: int, approach) -> OfferAssessment:
    """Score (or score again) one offer's plan of approach; audited. Only the gemeente's
    consultant, only between the close and the award, only an active offer of this request."""
    approach = _approach(approach)
    with locked_request(session, request_id) as request:
        require_consultant_of(actor, request)
        bid = session.get(Bid, bid_id) if 1 <= bid_id <= MAX_ID else None
        if bid is None or bid.request_id != request.id or bid.status != "active":
            raise not_found(Text("Deze aanbieding hoort niet bij deze aanvraag."))
        if not states.may_assess(request.status):
            raise invalid_state(
                Text("Het plan van aanpak wordt beoordeeld nadat het bieden is gesloten en vóór de gunning."))
        now = server_now(session)
        assessment = session.scalar(sa.select(OfferAssessment).where(OfferAssessment.bid_id == bid.id))
        previous = assessment.approach if assessment is not None else None
        if assessment is None:
            assessment = OfferAssessment(bid_id=bid.id, request_id=request.id, approach=approach)
            session.add(assessment)
        assessment.approach = approach
        assessment.assessed_by_id = actor.user_id
        assessment.assessed_at = now
        audit(session, actor, "offer_assessed", request, at=now, bid_id=bid.id, approach=approach,
              previous_approach=previous)
    return assessment
