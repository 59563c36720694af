"""Switching provider ("stemmen met de voeten"): ending an assignment with switch_provider makes
a new draft for the same need, which the consultant reviews and publishes as usual, and keeps
the provider the client left out of it (request_exclusions).

What stays the same is the need: category, result areas with their complexity, region,
description, prices and the request's settings. What is new: the weeks of support left, a
window that opens when the draft is published, and a start after that window."""
import math
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.access import not_excluded
from ..auction.actors import Actor
from ..auction.inputs import AMSTERDAM, START_YEARS, years_from
from ..auction.records import audit
from ..clients import client_data
from ..models import Assignment, Gemeente, Request, RequestExclusion, RequestResultArea

MAX_DURATION_WEEKS = 520
# The consultant needs time to read the draft before publishing it: a window shorter than a day
# could have passed by then, and a draft's window cannot be moved.
MIN_WINDOW = timedelta(days=1)
FOLLOW_UP_READ_REASON = "follow-up request"


def exclusion_clause(organisation_id, request_id) -> sa.ColumnElement[bool]:
    """NOT EXISTS an exclusion of this organisation from this request: true for everyone but the
    provider the client switched away from. The arguments are values, bindparams or columns (a
    correlated Request.id in a list query), like auction.access.eligibility's."""
    return not_excluded(organisation_id, request_id)


def is_excluded(session: Session, organisation_id: int, request_id: int) -> bool:
    return not session.scalar(sa.select(exclusion_clause(organisation_id, request_id)))


def weeks_left(started_on: date, duration_weeks: int, ended_on: date) -> int:
    """Whole weeks from the end to the original end (start + duration), a part week counting as
    a week; at least one: a client who switches still needs support."""
    original_end = started_on + timedelta(weeks=duration_weeks)
    return min(MAX_DURATION_WEEKS, max(1, math.ceil((original_end - ended_on).days / 7)))


def follow_up_draft(session: Session, actor: Actor, request: Request, assignment: Assignment, ended_on: date,
                    now: datetime) -> Request:
    """The new draft, in the caller's transaction (under the old request's lock): the same need,
    the client's sealed data copied (a read of the old record, logged as every read is), and
    the old provider excluded."""
    window = max(request.original_closes_at - request.opens_at, MIN_WINDOW)
    closes_at = now + window
    # The original lead time from the close to the start, after the new window.
    lead_days = max((request.start_date - request.original_closes_at.astimezone(AMSTERDAM).date()).days, 1)
    start_date = min(closes_at.astimezone(AMSTERDAM).date() + timedelta(days=lead_days),
                     years_from(now.astimezone(AMSTERDAM).date(), START_YEARS))
    follow_up = Request(
        gemeente_id=request.gemeente_id, reference="pending", category_id=request.category_id,
        region=request.region, start_date=start_date,
        duration_weeks=weeks_left(assignment.started_on, request.duration_weeks, ended_on),
        max_price_cents=request.max_price_cents, floor_price_cents=request.floor_price_cents,
        max_price_reason=request.max_price_reason, description=request.description,
        opens_at=now, closes_at=closes_at, original_closes_at=closes_at, visibility=request.visibility,
        min_step_cents=request.min_step_cents, soft_close_seconds=request.soft_close_seconds,
        max_extension_seconds=request.max_extension_seconds, award_criteria=request.award_criteria,
        status="draft", created_by_id=actor.user_id, follows_request_id=request.id, created_at=now)
    follow_up.result_areas = [RequestResultArea(code=a.code, complexity=a.complexity) for a in request.result_areas]
    session.add(follow_up)
    session.flush()
    code = session.scalar(sa.select(Gemeente.code).where(Gemeente.id == request.gemeente_id))
    follow_up.reference = f"{code}-{follow_up.created_at.year}-{follow_up.id:05d}"
    client_data.store(session, follow_up, _client_of(session, actor, request))
    session.add(RequestExclusion(request_id=follow_up.id, organisation_id=assignment.organisation_id))
    audit(session, actor, "request_created", follow_up, at=now, reference=follow_up.reference,
          follows_request_id=request.id, excluded_organisation_id=assignment.organisation_id)
    return follow_up


def _client_of(session: Session, actor: Actor, request: Request) -> dict:
    """The old request's client data, opened to be sealed again beside the new request; the read
    goes into the client's access log like every other. An erased record has nothing to copy."""
    record = client_data.record_of(session, request.id)
    if record is None or record.sealed is None:
        return {}
    values = client_data.key_ring().unseal(record.sealed)
    audit(session, actor, "client_data_read", request, reason=FOLLOW_UP_READ_REASON,
          fields=list(client_data.FIELDS), role=actor.kind, organisation_id=actor.organisation_id)
    return values
