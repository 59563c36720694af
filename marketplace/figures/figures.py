"""The steering figures of one gemeente (CONTRACT.md, "Steering figures"), each by one aggregate
query per period and category.

Definitions (the scope and its period: period.py; a request counts in the period it was
published in):
- requests: the requests in scope by their status now (drafts are never in scope).
- offers per request: over the requests whose window has closed (closed_at set: closed, chosen,
  awarded, no_offers, and those cancelled after their close), the offers still standing at the
  close (withdrawn ones left out; no_offers counts as 0). single_offer_share: the share of
  those with exactly one.
- price_vs_max: over the awarded requests with a maximum, the median of awarded price /
  maximum (and of floor / maximum, where the floor lies). savings_cents: the sum of maximum -
  awarded price over them.
- days_publish_to_award: the median of awarded_at - published_at in days.
- new_entrants: organisations whose first offer on a request of this gemeente (of this category,
  when one is chosen) was on a request published in the period.
- hhi: the Herfindahl-Hirschman index of the awards: the sum over providers of (100 x their
  share of the number of awards in scope)^2, 0-10,000 (10,000: one provider won everything).
  Counted by awards, not by value: a request is one client whatever its price.
- outcomes, over the assignments of the awarded requests in scope, by the definitions of a
  provider's record (quality/record.py): median days from award to the actual start (started
  assignments), the share started on or before the offered date (of those due), the share of
  result-area outcomes achieved (partly counts half), the mean of the clients' survey means
  (1-5), and complaints about the provider per 100 assignments (those about the gemeente are
  counted apart). The same per provider in `outcomes_by_provider`: there they equal each
  provider's record, when the scope holds all of its assignments.
Every rate comes with the count it is taken over; a figure without data is None."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction import states
from ..auction.actors import Actor
from ..auction.errors import DomainError, Text
from ..auction.inputs import today_by_the_clock
from ..models import Assignment, Bid, Complaint, Organisation, Request, ReviewResult, SurveyResponse
from ..quality.record import OUTCOME_WEIGHT
from . import signals
from .period import Scope, make_scope
from .sql import days_between, dialect, median, median_of_counts, rate, rounded

# The steering figures count published requests only: a draft is never in a period.
STATUSES = tuple(s for s in states.ALL if s != states.DRAFT)
# The distribution of offers per request: 0, 1, 2, 3, 4 and "5 or more".
OFFER_BINS = 5


def staff_gemeente(actor: Actor) -> int:
    """The gemeente whose figures the actor may see: its own, for its consultants and its
    beheerders (the figures hold no client data; the beheerder runs the gemeente). A provider
    or a client is refused (forbidden): the figures are the gemeente's, whichever it asks."""
    if not (actor.is_consultant or actor.is_admin) or actor.gemeente_id is None:
        raise DomainError("forbidden", Text("Alleen medewerkers van de gemeente zien de stuurinformatie."))
    return actor.gemeente_id


def steering_figures(session: Session, gemeente_id: int, date_from: date, date_to: date,
                     category_code: str | None = None) -> dict:
    """The figures of CONTRACT.md's GET /api/v1/stats for one gemeente, with the series the
    plots draw; an unknown category or a reversed period is a validation_error."""
    return figures_for(session, make_scope(session, gemeente_id, date_from, date_to, category_code))


def figures_for(session: Session, scope: Scope, today: date | None = None, with_signals: bool = True) -> dict:
    """The figures of `scope`; `today` decides which assignments are due to have started."""
    months = [{"month": key} for key in scope.month_keys]
    requests, offers = _requests_and_offers(session, scope, months)
    awards = _awards(session, scope, months)
    award_rows = signals.award_counts(session, scope)
    shares = _market_shares(award_rows)
    outcomes, by_provider = _outcomes(session, scope, today or today_by_the_clock())
    entrants = _new_entrants(session, scope)
    return {
        "period": scope.describe(),
        "requests": requests,
        "offers_per_request": offers["summary"],
        "single_offer_share": offers["single_offer_share"],
        "price_vs_max": awards["price_vs_max"],
        "savings_cents": awards["savings_cents"],
        "days_publish_to_award": awards["days_publish_to_award"],
        "new_entrants": len(entrants),
        "entrants": entrants,
        "hhi": hhi([row["awards"] for row in shares]),
        "market_shares": shares,
        "outcomes": outcomes,
        "outcomes_by_provider": by_provider,
        "by_month": months,
        "signals": signals.find_signals(session, scope, award_rows) if with_signals else [],
    }


def hhi(award_counts: list[int]) -> int | None:
    """Sum of squared percentage shares, 0-10,000; None without awards."""
    total = sum(award_counts)
    if not total:
        return None
    return round(sum(10_000 * n * n for n in award_counts) / (total * total))


def offers_at_close(requests=Request) -> sa.ScalarSelect:
    """The offers standing on a request (withdrawn ones left out), correlated to its row."""
    return (sa.select(sa.func.count(Bid.id)).where(Bid.request_id == requests.id, Bid.status == "active")
            .correlate(requests).scalar_subquery())


def _requests_and_offers(session: Session, scope: Scope, months: list[dict]) -> tuple[dict, dict]:
    """Requests by status, and offers per request over those whose window closed: one pass,
    grouped by month, status and number of offers."""
    closed = Request.closed_at.is_not(None)
    inner = (sa.select(scope.month_of(Request.published_at).label("month"), Request.status.label("status"),
                       sa.case((closed, offers_at_close()), else_=-1).label("offers"))
             .where(*scope.requests()).subquery())
    rows = session.execute(sa.select(inner.c.month, inner.c.status, inner.c.offers, sa.func.count())
                           .group_by(inner.c.month, inner.c.status, inner.c.offers)).all()
    totals = dict.fromkeys(STATUSES, 0)
    overall: dict[int, int] = {}
    per_month: list[dict[int, int]] = [{} for _ in months]
    for month in months:
        month["requests"] = dict.fromkeys(STATUSES, 0)
        month["published"] = 0
    for index, status, offers, count in rows:
        totals[status] = totals.get(status, 0) + count
        months[index]["requests"][status] = months[index]["requests"].get(status, 0) + count
        months[index]["published"] += count
        if offers >= 0:
            overall[offers] = overall.get(offers, 0) + count
            per_month[index][offers] = per_month[index].get(offers, 0) + count
    for month, counts in zip(months, per_month):
        month["closed"] = sum(counts.values())
        month["offers_mean"] = rate(sum(k * n for k, n in counts.items()), month["closed"], 2)
        month["single_offer_share"] = rate(counts.get(1, 0), month["closed"])
    closed_count = sum(overall.values())
    distribution = [{"offers": str(k), "requests": overall.get(k, 0)} for k in range(OFFER_BINS)]
    distribution.append({"offers": f"{OFFER_BINS}+", "requests": sum(n for k, n in overall.items() if k >= OFFER_BINS)})
    return totals, {
        "summary": {"mean": rate(sum(k * n for k, n in overall.items()), closed_count, 2),
                    "median": median_of_counts(overall), "requests": closed_count, "distribution": distribution},
        "single_offer_share": rate(overall.get(1, 0), closed_count),
    }


def _awards(session: Session, scope: Scope, months: list[dict]) -> dict:
    awarded = [*scope.requests(), Request.status == states.AWARDED]
    month = scope.month_of(Request.published_at).label("month")
    price = Bid.price_cents
    with_max = Request.max_price_cents.is_not(None)
    inner = (sa.select(month, price.label("price"), Request.max_price_cents.label("maximum"),
                       Request.floor_price_cents.label("floor"),
                       sa.case((with_max, Request.max_price_cents - price)).label("saved"))
             .join(Bid, Bid.id == Request.awarded_bid_id).where(*awarded).subquery())
    sums = session.execute(sa.select(inner.c.month, sa.func.count(), sa.func.sum(inner.c.saved),
                                     sa.func.avg(inner.c.price), sa.func.avg(inner.c.maximum),
                                     sa.func.avg(inner.c.floor))
                           .group_by(inner.c.month)).all()
    for m in months:
        m.update(awarded=0, savings_cents=0, mean_price_cents=None, mean_max_cents=None, mean_floor_cents=None)
    for index, count, saved, mean_price, mean_max, mean_floor in sums:
        months[index].update(awarded=count, savings_cents=int(saved or 0), mean_price_cents=rounded(mean_price, 0),
                             mean_max_cents=rounded(mean_max, 0), mean_floor_cents=rounded(mean_floor, 0))
    # What the medians need, one number each per awarded request.
    days = days_between(Request.awarded_at, Request.published_at, dialect(session))
    ratio = sa.case((with_max, price * 1.0 / Request.max_price_cents))
    floor_ratio = sa.case((with_max, Request.floor_price_cents * 1.0 / Request.max_price_cents))
    rows = session.execute(sa.select(month, days, ratio, floor_ratio)
                           .join(Bid, Bid.id == Request.awarded_bid_id).where(*awarded)).all()
    days_by_month: list[list[float]] = [[] for _ in months]
    for index, day_count, _, _ in rows:
        days_by_month[index].append(day_count)
    for m, values in zip(months, days_by_month):
        m["median_days_to_award"] = rounded(median(values), 1)
    return {
        "price_vs_max": {"median_ratio": rounded(median(r[2] for r in rows), 4),
                         "median_floor_ratio": rounded(median(r[3] for r in rows), 4),
                         "awarded": len(rows)},
        "savings_cents": sum(m["savings_cents"] for m in months),
        "days_publish_to_award": {"median": rounded(median(r[1] for r in rows), 1), "awarded": len(rows)},
    }


def _market_shares(award_rows: list) -> list[dict]:
    """Each provider's awards in scope (all categories together), most first."""
    per_org: dict[int, list] = {}
    for _, _, org_id, name, count, value in award_rows:
        entry = per_org.setdefault(org_id, [name, 0, 0])
        entry[1] += count
        entry[2] += int(value or 0)
    total = sum(entry[1] for entry in per_org.values())
    return [{"organisation_id": org_id, "name": name, "awards": count, "share": rate(count, total),
             "value_cents": value}
            for org_id, (name, count, value) in sorted(per_org.items(), key=lambda item: (-item[1][1], item[1][0]))]


def _new_entrants(session: Session, scope: Scope) -> list[dict]:
    where = [Request.gemeente_id == scope.gemeente_id, Request.published_at.is_not(None)]
    if scope.category_id is not None:
        where.append(Request.category_id == scope.category_id)
    first = (sa.select(Bid.organisation_id.label("organisation_id"),
                       sa.func.min(Request.published_at).label("first_offer"))
             .join(Request, Request.id == Bid.request_id).where(*where)
             .group_by(Bid.organisation_id).subquery())
    rows = session.execute(
        sa.select(first.c.organisation_id, Organisation.name)
        .join(Organisation, Organisation.id == first.c.organisation_id)
        .where(first.c.first_offer >= scope.starts_at, first.c.first_offer < scope.ends_at)
        .order_by(Organisation.name)).all()
    return [{"organisation_id": org_id, "name": name} for org_id, name in rows]


def _outcomes(session: Session, scope: Scope, today: date) -> tuple[dict, list[dict]]:
    """The four outcome measures over the assignments in scope, overall and per provider, by
    the provider record's definitions (quality.record), aggregated in SQL."""
    org = Assignment.organisation_id

    def per_provider(*columns, join=None, where=()):
        stmt = sa.select(org, *columns).select_from(Assignment)
        if join is not None:
            stmt = stmt.join(*join)
        stmt = stmt.join(Request, Request.id == Assignment.request_id).where(*scope.requests(), *where)
        return {row[0]: row[1:] for row in session.execute(stmt.group_by(org))}

    began = Assignment.started_on.is_not(None)
    due = sa.or_(began, sa.and_(Assignment.status != "ended", Assignment.offered_start_date < today))
    on_time = sa.and_(began, Assignment.started_on <= Assignment.offered_start_date)
    counts = per_provider(sa.func.count(), sa.func.count(Assignment.started_on),
                          _count_if(sa.and_(began, Assignment.status == "ended")), _count_if(due), _count_if(on_time))
    weight = sa.case(*[(ReviewResult.outcome == o, w) for o, w in OUTCOME_WEIGHT.items()], else_=0.0)
    results = per_provider(sa.func.count(), sa.func.sum(weight),
                           join=(ReviewResult, ReviewResult.assignment_id == Assignment.id))
    surveys = per_provider(sa.func.count(), sa.func.sum(SurveyResponse.mean_score),
                           join=(SurveyResponse, SurveyResponse.assignment_id == Assignment.id))
    complaints = per_provider(sa.func.count(), _count_if(Complaint.about == "provider"),
                              join=(Complaint, Complaint.assignment_id == Assignment.id))
    days = days_between(Assignment.started_on, Assignment.awarded_on, dialect(session), dates=True)
    days_by_org: dict[int, list[float]] = {}
    for org_id, value in session.execute(sa.select(org, days).join(Request, Request.id == Assignment.request_id)
                                         .where(*scope.requests(), began)):
        days_by_org.setdefault(org_id, []).append(value)
    names = dict(session.execute(sa.select(Organisation.id, Organisation.name)
                                 .where(Organisation.id.in_(list(counts)))).all()) if counts else {}
    totals = [sum(column) for column in zip(*counts.values())] if counts else [0] * 5
    overall = _measures(totals, _summed(results.values()), _summed(surveys.values()), _summed(complaints.values()),
                        [v for values in days_by_org.values() for v in values])
    by_provider = [{"organisation_id": org_id, "name": names.get(org_id, ""),
                    **_measures(row, _pair(results.get(org_id)), _pair(surveys.get(org_id)),
                                _pair(complaints.get(org_id)), days_by_org.get(org_id, []))}
                   for org_id, row in counts.items()]
    by_provider.sort(key=lambda r: (-r["assignments"], r["name"]))
    return overall, by_provider


def _count_if(condition) -> sa.ColumnElement:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def _measures(counts, results, surveys, complaints, days) -> dict:
    """One provider's (or everyone's) outcome measures from its counts and sums."""
    awarded, started, ended, due, on_time = (int(n or 0) for n in counts)
    reviewed, achieved = results
    answered, score_sum = surveys
    complaint_all, about_provider = complaints
    return {
        "assignments": awarded, "started": started, "ended": ended,
        "median_days_to_start": rounded(median(days), 1),
        "started_on_time_rate": rate(on_time, due, 3), "started_on_time": {"on_time": on_time, "due": due},
        "review_results": reviewed, "achieved_rate": rate(achieved, reviewed, 3),
        "survey_responses": answered, "satisfaction_mean": rate(score_sum, answered, 2),
        "complaints": int(about_provider), "complaints_about_gemeente": int(complaint_all - about_provider),
        "complaints_per_100": rate(100 * about_provider, awarded, 1),
    }


def _pair(row) -> tuple:
    """(count, sum) of a grouped row; zeros for a provider without any."""
    if row is None:
        return 0, 0
    count, total = row
    return int(count), float(total or 0)


def _summed(rows) -> tuple:
    pairs = [_pair(r) for r in rows]
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)
