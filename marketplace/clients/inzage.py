"""The client's right of access (inzage, AVG article 15): everything Zorgbod holds about one
client gathered in one document, for the gemeente's consultant to hand over. Making it is a
read of the client's data and is logged with the reason "export"."""
from sqlalchemy.orm import Session

from ..auction.access import get_visible_request, require_consultant_of
from ..auction.actors import Actor
from ..auction.award import offer_dict
from ..auction.support_requests import describe, result_area_names
from ..auction.transactions import server_now
from ..models import Bid, Gemeente
from . import client_data, retention


def _moment(value):
    return value.isoformat() if value is not None else None


def _offer(session: Session, bid_id: int | None) -> dict | None:
    if bid_id is None:
        return None
    bid = session.get(Bid, bid_id)
    return offer_dict(bid, None) if bid is not None else None


def export(session: Session, actor: Actor, request_id: int) -> dict:
    """The inzage document as plain data (the adapters write it as JSON or as a page)."""
    request = get_visible_request(session, actor, request_id)
    require_consultant_of(actor, request)
    client = client_data.read(session, actor, request, reason="export")  # logged (and committed)
    record = client_data.record_of(session, request.id)
    gemeente = session.get(Gemeente, request.gemeente_id)
    months = gemeente.client_data_retention_months
    described = describe(request, result_area_names(session, request.gemeente_id))
    described.update({
        "created_at": _moment(request.created_at),
        "published_at": _moment(request.published_at),
        "closed_at": _moment(request.closed_at),
        "cancelled_at": _moment(request.cancelled_at),
        "cancel_reason": request.cancel_reason,
        "chosen_by": request.chosen_by,
        "chosen_at": _moment(request.chosen_at),
        "chosen_offer": _offer(session, request.chosen_bid_id),
        "awarded_at": _moment(request.awarded_at),
        "awarded_offer": _offer(session, request.awarded_bid_id),
        "award_motivation": request.award_motivation,
    })
    erased_at = record.erased_at if record is not None else None
    return {
        "inzage": {
            "legal_basis": "AVG artikel 15",
            "generated_at": server_now(session).isoformat(),
            "gemeente": gemeente.name,
            "request_reference": request.reference,
        },
        "client": None if erased_at else {name: client.get(name) for name in client_data.FIELDS},
        "erasure": {
            "erased_at": _moment(erased_at),
            "reason": record.erased_reason if record is not None else None,
            "retention_months": months,
            "kept_until": retention.erase_after(request, months, retention.offered_start(session, request)).isoformat(),
        },
        "requests": [described],
        "access_log": [entry.to_dict() for entry in client_data.access_log(session, request.id)],
    }

