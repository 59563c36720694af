"""The steering figures per request, one CSV row each (GET /api/v1/stats.csv and the page's
download), streamed as it is read. Never client data; the provider is named only after the
award (the winner, as the gemeente's own analysts may know it)."""
import csv
import io
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from ..models import Assignment, Bid, Category, Complaint, Organisation, Request, ReviewResult, SurveyResponse
from .figures import offers_at_close
from .period import AMSTERDAM, Scope

HEADER = ["reference", "category", "status", "published_at", "closed_at", "offers", "max_price_cents",
          "floor_price_cents", "awarded_price_cents", "price_vs_max", "awarded_at", "days_publish_to_award",
          "provider", "assignment_status", "offered_start_date", "started_on", "days_award_to_start",
          "ended_on", "end_reason", "review_results", "results_achieved", "satisfaction_mean", "complaints"]
CHUNK = 64 * 1024
# A spreadsheet runs a cell that starts with one of these as a formula; a provider chooses its
# own name, so such a cell gets a leading apostrophe (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _statement(scope: Scope) -> sa.Select:
    awarded = aliased(Bid)
    achieved = sa.func.sum(sa.case((ReviewResult.outcome == "achieved", 1), else_=0))
    results = (sa.select(ReviewResult.assignment_id.label("assignment_id"), sa.func.count().label("n"),
                         achieved.label("achieved"))
               .join(Assignment, Assignment.id == ReviewResult.assignment_id)
               .where(Assignment.gemeente_id == scope.gemeente_id)
               .group_by(ReviewResult.assignment_id).subquery())
    complaints = (sa.select(Complaint.assignment_id.label("assignment_id"), sa.func.count().label("n"))
                  .join(Assignment, Assignment.id == Complaint.assignment_id)
                  .where(Assignment.gemeente_id == scope.gemeente_id)
                  .group_by(Complaint.assignment_id).subquery())
    return (sa.select(Request.reference, Category.code, Request.status, Request.published_at, Request.closed_at,
                      offers_at_close(), Request.max_price_cents, Request.floor_price_cents, awarded.price_cents,
                      Request.awarded_at, Organisation.name, Assignment.status, Assignment.offered_start_date,
                      Assignment.awarded_on, Assignment.started_on, Assignment.ended_on, Assignment.end_reason,
                      results.c.n, results.c.achieved, SurveyResponse.mean_score, complaints.c.n)
            .select_from(Request).join(Category, Category.id == Request.category_id)
            .outerjoin(awarded, awarded.id == Request.awarded_bid_id)
            .outerjoin(Organisation, Organisation.id == awarded.organisation_id)
            .outerjoin(Assignment, Assignment.request_id == Request.id)
            .outerjoin(results, results.c.assignment_id == Assignment.id)
            .outerjoin(SurveyResponse, SurveyResponse.assignment_id == Assignment.id)
            .outerjoin(complaints, complaints.c.assignment_id == Assignment.id)
            .where(*scope.requests()).order_by(Request.published_at, Request.id))


def _moment(value) -> str:
    return value.astimezone(AMSTERDAM).isoformat(timespec="seconds") if value else ""


def _day(value) -> str:
    return value.isoformat() if value else ""


def _safe(text: str | None) -> str:
    text = text or ""
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(value) -> str:
    return "" if value is None else str(value)


def row_cells(row) -> list[str]:
    (reference, category, status, published_at, closed_at, offers, maximum, floor, price, awarded_at,
     provider, assignment_status, offered_start, awarded_on, started_on, ended_on, end_reason,
     reviewed, achieved, satisfaction, complaint_count) = row
    awarded = status == "awarded" and price is not None
    return [
        reference, category, status, _moment(published_at), _moment(closed_at),
        _number(offers) if closed_at else "", _number(maximum), _number(floor),
        _number(price) if awarded else "",
        f"{price / maximum:.4f}" if awarded and maximum else "",
        _moment(awarded_at) if awarded else "",
        f"{(awarded_at - published_at).total_seconds() / 86400:.1f}" if awarded and awarded_at and published_at else "",
        _safe(provider) if awarded else "",
        assignment_status or "", _day(offered_start), _day(started_on),
        str((started_on - awarded_on).days) if started_on and awarded_on else "",
        _day(ended_on), end_reason or "", _number(reviewed or (0 if assignment_status else None)),
        _number(int(achieved or 0) if reviewed else (0 if assignment_status else None)),
        f"{satisfaction:.2f}" if satisfaction is not None else "",
        _number(complaint_count or (0 if assignment_status else None)),
    ]


def csv_chunks(session: Session, scope: Scope) -> Iterator[str]:
    """The CSV text (RFC 4180, comma-separated, a header row first) in pieces of about 64 KiB.
    The rows are read at the first piece, in one go: a cursor kept open while the answer
    streams would outlive the request's transaction."""
    rows = session.execute(_statement(scope)).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row_cells(row))
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
