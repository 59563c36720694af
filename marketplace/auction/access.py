"""Who may see which request: the gemeente's own consultants, eligible providers, and the
client holding that request's token. Everyone else gets not_found, so a request's existence
is not leaked."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import Approval, Bid, Evidence, MinimumRequirement, Request, RequestExclusion
from .actors import Actor
from .errors import DomainError, Text, not_found
from .inputs import today_by_the_clock


def evidence_lacking(organisation_id, gemeente_id, today) -> sa.Exists:
    """Some active requirement of the gemeente asks for a document, and the organisation's
    newest evidence for it is missing or expired before `today` (the expiry date itself still
    counts). The newest, so that a corrected upload replaces a mistaken one."""
    newest_expiry = (sa.select(Evidence.expires_on)
                     .where(Evidence.organisation_id == organisation_id,
                            Evidence.requirement_id == MinimumRequirement.id)
                     .order_by(Evidence.id.desc()).limit(1)
                     # Correlated by name: under eligible_organisation_ids it sits two levels below
                     # the organisations it must refer to, past what auto-correlation reaches.
                     .correlate_except(Evidence).scalar_subquery())
    return sa.select(MinimumRequirement.id).where(
        MinimumRequirement.gemeente_id == gemeente_id,
        MinimumRequirement.active.is_(True),
        MinimumRequirement.requires_document.is_(True),
        sa.not_(sa.func.coalesce(newest_expiry >= today, sa.false())),
    ).exists()


def not_excluded(organisation_id, request_id) -> sa.ColumnElement[bool]:
    """No exclusion of this organisation from this request: true for everyone but the provider a
    client switched away from, on the follow-up request (followup.switching)."""
    return ~sa.select(RequestExclusion.id).where(
        RequestExclusion.request_id == request_id,
        RequestExclusion.organisation_id == organisation_id,
    ).exists()


def eligibility(organisation_id, gemeente_id, category_id, request_id, today) -> sa.ColumnElement[bool]:
    """May this organisation bid on the request: approved by its gemeente for its category (not
    suspended), and the approval counts, that is, either every document the gemeente's
    requirements ask for is there and has not expired by `today`, or the organisation already has
    an active offer on the request (an offer made stands while the evidence is renewed: it may be
    revised or withdrawn; with the evidence lapsed, no new offer). Judged on `today`, not on when
    the request was published: lapsed evidence means no new offer anywhere, and the day is a
    plain parameter where a publication moment would need Amsterdam's calendar inside SQL. The one
    rule for the request list, the notices, the request page and both bid paths; with no document
    requirements it is the approval alone. One SQL expression, so the bid path asks it in the same
    round trip as the rest. The arguments are values, columns or bindparams: the bid path builds
    its statement once. A provider the client switched away from is never eligible for the
    follow-up request, whatever its approval."""
    approved = sa.select(Approval.id).where(
        Approval.organisation_id == organisation_id,
        Approval.gemeente_id == gemeente_id,
        Approval.category_id == category_id,
        Approval.status == "approved",
    ).exists()
    offer_stands = sa.select(Bid.id).where(
        Bid.organisation_id == organisation_id, Bid.request_id == request_id, Bid.status == "active",
    ).exists()
    return sa.and_(approved, not_excluded(organisation_id, request_id),
                   sa.or_(~evidence_lacking(organisation_id, gemeente_id, today), offer_stands))


def is_eligible(session: Session, organisation_id: int, request: Request, today: date | None = None) -> bool:
    return bool(session.scalar(sa.select(eligibility(
        organisation_id, request.gemeente_id, request.category_id, request.id, today or today_by_the_clock()))))


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
        # A provider, a client or a beheerder may not know which requests exist: 404, as for a
        # request that does not (a 403 would confirm the id to a beheerder of another gemeente).
        if actor.is_provider or actor.is_client or actor.is_admin:
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
        eligible = eligibility(actor.organisation_id, Request.gemeente_id, Request.category_id, Request.id,
                               today_by_the_clock())
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
