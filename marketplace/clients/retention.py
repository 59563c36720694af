"""Forgetting on time: a client's personal data is erased once the gemeente's retention period
has passed since the support ended (start date + duration) or the request was cancelled. The
anonymised request, its offers, the audit trail and the statistics stay; the erasure is logged
without the values it erased."""
import calendar
import logging
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.records import audit
from ..auction.transactions import locked_request, server_now
from ..models import ApiToken, Bid, ClientCode, ClientRecord, Gemeente, Request

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEFAULT_MONTHS = 24


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (31 August + 6 months is 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def offered_start(session: Session, request: Request) -> date | None:
    """The start date the winner offered, once awarded (it may be later than the wish)."""
    if request.awarded_bid_id is None:
        return None
    return session.scalar(sa.select(Bid.start_date).where(Bid.id == request.awarded_bid_id))


def period_ended_on(request: Request, offered: date | None = None) -> date:
    """Where the retention period starts: the day of cancelling, else the last day of support,
    counted from the start the winner `offered` when that is later than the wish."""
    if request.status == "cancelled":
        moment = request.cancelled_at or request.created_at
        return moment.astimezone(AMSTERDAM).date()
    start = max(request.start_date, offered) if offered else request.start_date
    return start + timedelta(weeks=request.duration_weeks)


def erase_after(request: Request, months: int, offered: date | None = None) -> date:
    """The last day the data is kept; the daily job erases it on any later day."""
    return add_months(period_ended_on(request, offered), months)


def today_in_amsterdam(session: Session) -> date:
    return server_now(session).astimezone(AMSTERDAM).date()


def due_for_erasure(session: Session, today: date) -> list[int]:
    """The requests whose client data is still held and past its gemeente's retention period."""
    rows = session.execute(
        sa.select(Request, Gemeente.client_data_retention_months, Bid.start_date)
        .join(ClientRecord, ClientRecord.request_id == Request.id)
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .outerjoin(Bid, Bid.id == Request.awarded_bid_id)  # the winner's start, in the same query
        .where(ClientRecord.erased_at.is_(None),
               sa.or_(Request.status == "cancelled", Request.start_date <= today))  # a cheap first cut
        .order_by(Request.id)).all()
    due = []
    for request, months, offered in rows:
        try:
            if erase_after(request, months, offered) < today:
                due.append(request.id)
        except (OverflowError, ValueError):
            # A date no calendar holds (a start in the year 9999, say): one such row must not
            # stop the erasure for every other client of every gemeente. Logged, never guessed.
            log.error("client data of request %s: its retention period cannot be computed; skipped",
                      request.id)
    return due


def erase(session: Session, actor: Actor, request_id: int, reason: str = "retention") -> bool:
    """Remove the sealed data and what else could lead back to the client (client codes and
    client tokens) of one request, and log that it happened. False when already erased."""
    with locked_request(session, request_id) as request:
        record = session.scalar(sa.select(ClientRecord).where(ClientRecord.request_id == request.id))
        if record is None or record.erased_at is not None:
            return False
        months = session.get(Gemeente, request.gemeente_id).client_data_retention_months
        now = server_now(session)
        record.sealed = None
        record.erased_at = now
        record.erased_reason = reason
        codes = session.execute(sa.delete(ClientCode).where(ClientCode.request_id == request.id)).rowcount
        tokens = session.execute(sa.delete(ApiToken).where(
            ApiToken.request_id == request.id, ApiToken.role == "client")).rowcount
        # Only facts about the erasure: never a value that was erased.
        audit(session, actor, "client_data_erased", request, at=now, reason=reason, retention_months=months,
              period_ended_on=period_ended_on(request, offered_start(session, request)).isoformat(), client_codes_removed=codes,
              client_tokens_removed=tokens)
    return True


def erase_expired(session: Session, actor: Actor, today: date | None = None) -> list[int]:
    """The daily job: erase every client whose retention period has passed; idempotent."""
    today = today or today_in_amsterdam(session)
    erased = []
    for request_id in due_for_erasure(session, today):
        try:
            if erase(session, actor, request_id):
                erased.append(request_id)
        except (OperationalError, InterfaceError):
            raise  # the database is away: nothing else will be erased either; the run is retried
        except Exception:
            # Skip and log the one that fails; the rest are still erased on time, and the
            # skipped one is tried again tomorrow.
            session.rollback()
            log.exception("client data of request %s could not be erased; skipped", request_id)
    return erased
