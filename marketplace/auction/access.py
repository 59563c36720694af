"""Who may see which request: the gemeente's own consultants, eligible providers, and the
client holding that request's token. Everyone else gets not_found, so a request's existence
is not leaked."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import Approval, Bid, Request
from .actors import Actor
from .errors import DomainError, Text, not_found


def eligibility(organisation_id, gemeente_id, category_id) -> sa.Exists:
    """Approved by the request's gemeente for its category, and not suspended (a SQL EXISTS,
    so the bid path can ask it in the same round trip as other questions). The arguments are
    values or bindparams: the bid path builds its statement once."""
    return sa.select(Approval.id).where(
        Approval.organisation_id == organisation_id,
        Approval.gemeente_id == gemeente_id,
        Approval.category_id == category_id,
        Approval.status == "approved",
    ).exists()


def is_eligible(session: Session, organisation_id: int, request: Request) -> bool:
    return bool(session.scalar(sa.select(eligibility(organisation_id, request.gemeente_id, request.category_id))))


def has_bid(session: Session, organisation_id: int, request_id: int) -> bool:
    return session.scalar(
        sa.select(sa.func.count()).select_from(Bid).where(
            Bid.organisation_id == organisation_id, Bid.request_id == request_id
        )
    ) > 0


def can_view(session: Session, actor: Actor, request: Request) -> bool:
    if actor.is_consultant:
        return request.gemeente_id == actor.gemeente_id
    if actor.is_client:
        return request.id == actor.request_id
    if actor.is_provider:
        # Never published (a draft, or a draft cancelled): its text was never checked for
        # personal data, so no provider may read it, whatever its status now.
        if request.status == "draft" or request.published_at is None:
            return False
        # A provider that already bid keeps seeing the outcome even if later suspended.
        return is_eligible(session, actor.organisation_id, request) or has_bid(
            session, actor.organisation_id, request.id
        )
    return actor.kind in ("scheduler", "system")


def get_visible_request(session: Session, actor: Actor, request_id: int) -> Request:
    request = session.get(Request, request_id)
    if request is None or not can_view(session, actor, request):
        raise not_found()
    return request


def require_consultant_of(actor: Actor, request: Request) -> None:
    if not actor.is_consultant:
        if actor.is_provider or actor.is_client:
            raise not_found()
        raise DomainError("forbidden", Text("Alleen een consulent van de gemeente mag dit doen."))
    if request.gemeente_id != actor.gemeente_id:
        raise not_found()


def visible_requests_query(actor: Actor, status: str | None = None):
    """The select for a caller's request list; providers see only what they are eligible for."""
    stmt = sa.select(Request).order_by(Request.closes_at.desc(), Request.id.desc())
    if actor.is_consultant:
        stmt = stmt.where(Request.gemeente_id == actor.gemeente_id)
    elif actor.is_provider:
        eligible = sa.select(Approval.id).where(
            Approval.organisation_id == actor.organisation_id,
            Approval.gemeente_id == Request.gemeente_id,
            Approval.category_id == Request.category_id,
            Approval.status == "approved",
        ).exists()
        own_bid = sa.select(Bid.id).where(
            Bid.organisation_id == actor.organisation_id, Bid.request_id == Request.id
        ).exists()
        stmt = stmt.where(Request.status != "draft", Request.published_at.is_not(None), sa.or_(eligible, own_bid))
    elif actor.is_client:
        stmt = stmt.where(Request.id == actor.request_id)
    else:
        stmt = stmt.where(sa.false())
    if status:
        stmt = stmt.where(Request.status == status)
    return stmt
