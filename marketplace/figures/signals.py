"""Signals worth a look (DOMAIN.md): the indicators procurement watchdogs compute on award data,
over the requests of one gemeente in scope (period.py). A signal is a reason to look, not a
verdict: each names the request or the provider it concerns and says what was seen.

- single_offer: a request whose window closed with exactly one offer standing.
- near_maximum: an award at or above 95% of the request's maximum price.
- dominant_provider: one provider won more than half of the awards in a category, over at
  least five awards in that category.
- late_withdrawal: the leading offer (at or below every offer left standing) was withdrawn in
  the last minutes: at most the longer of five minutes and the request's soft close before the
  window's published closing time, or after it (in an extension). Read from the offers
  (status withdrawn, withdrawn_in_window: the window's published close; updated_at: the
  moment of withdrawal), so it holds until a reopen lets the provider bid again.
- identical_prices: two or more providers standing at the same price on one request at the close.
- never_wins: a provider that made at least ten offers on requests whose window closed, and won
  none of them."""
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from ..auction import states
from ..auction.errors import Text
from ..auction.money import format_eur
from ..models import Bid, Category, Organisation, Request
from .period import Scope

KINDS = ("single_offer", "near_maximum", "dominant_provider", "late_withdrawal", "identical_prices", "never_wins")
NEAR_MAXIMUM_PERCENT = 95
DOMINANT_MIN_AWARDS = 5
LATE_MINUTES = 5
NEVER_WINS_OFFERS = 10


def find_signals(session: Session, scope: Scope, awards: list | None = None) -> list[dict]:
    """Every signal in scope, grouped by kind (in KINDS' order), newest request first.
    `awards`: award_counts' rows when the caller has read them already."""
    return [*single_offer(session, scope), *near_maximum(session, scope),
            *dominant_provider(session, scope, awards), *late_withdrawal(session, scope),
            *identical_prices(session, scope), *never_wins(session, scope)]


def award_counts(session: Session, scope: Scope) -> list:
    """The awards in scope per category and provider: (category code, category name,
    organisation id, organisation name, awards, their value in cents)."""
    return session.execute(
        sa.select(Category.code, Category.name, Bid.organisation_id, Organisation.name, sa.func.count(),
                  sa.func.sum(Bid.price_cents))
        .select_from(Request).join(Bid, Bid.id == Request.awarded_bid_id)
        .join(Category, Category.id == Request.category_id)
        .join(Organisation, Organisation.id == Bid.organisation_id)
        .where(*scope.requests(), Request.status == states.AWARDED)
        .group_by(Category.code, Category.name, Bid.organisation_id, Organisation.name)).all()


def _about_request(kind: str, request_id: int, reference: str, detail: Text) -> dict:
    return {"kind": kind, "request_id": request_id, "reference": reference, "detail": detail}


def _about_provider(kind: str, organisation_id: int, name: str, detail: Text, **extra) -> dict:
    return {"kind": kind, "organisation_id": organisation_id, "name": name, "detail": detail, **extra}


def _closed(scope: Scope) -> list:
    return [*scope.requests(), Request.closed_at.is_not(None)]


def single_offer(session: Session, scope: Scope) -> list[dict]:
    rows = session.execute(
        sa.select(Request.id, Request.reference).join(Bid, Bid.request_id == Request.id)
        .where(*_closed(scope), Bid.status == "active")
        .group_by(Request.id, Request.reference, Request.published_at)
        .having(sa.func.count(Bid.id) == 1)
        .order_by(Request.published_at.desc(), Request.id.desc())).all()
    return [_about_request("single_offer", rid, ref, Text("Bij de sluiting stond er maar één aanbieding."))
            for rid, ref in rows]


def near_maximum(session: Session, scope: Scope) -> list[dict]:
    rows = session.execute(
        sa.select(Request.id, Request.reference, Bid.price_cents, Request.max_price_cents)
        .join(Bid, Bid.id == Request.awarded_bid_id)
        .where(*scope.requests(), Request.status == states.AWARDED, Request.max_price_cents > 0,
               Bid.price_cents * 100 >= Request.max_price_cents * NEAR_MAXIMUM_PERCENT)
        .order_by(Request.published_at.desc(), Request.id.desc())).all()
    return [_about_request("near_maximum", rid, ref, Text(
        "Gegund voor %(percent)s%% van de maximumprijs (%(price)s van %(maximum)s).",
        percent=int(100 * price / maximum), price=format_eur(price), maximum=format_eur(maximum)))
        for rid, ref, price, maximum in rows]


def dominant_provider(session: Session, scope: Scope, awards: list | None = None) -> list[dict]:
    rows = award_counts(session, scope) if awards is None else awards
    totals: dict[str, int] = {}
    for code, _, _, _, count, _ in rows:
        totals[code] = totals.get(code, 0) + count
    found = []
    for code, category, org_id, name, count, _ in sorted(rows, key=lambda r: (r[0], -r[4], r[3])):
        total = totals[code]
        if total >= DOMINANT_MIN_AWARDS and 2 * count > total:
            found.append(_about_provider("dominant_provider", org_id, name, Text(
                "%(name)s won %(awards)s van de %(total)s gunningen in %(category)s (%(percent)s%%).",
                name=name, awards=count, total=total, category=category, percent=round(100 * count / total)),
                category=code))
    return found


def late_withdrawal(session: Session, scope: Scope) -> list[dict]:
    other = aliased(Bid)
    best_left = (sa.select(sa.func.min(other.price_cents))
                 .where(other.request_id == Bid.request_id, other.status == "active", other.id != Bid.id)
                 .correlate(Bid).scalar_subquery())
    rows = session.execute(
        sa.select(Request.id, Request.reference, Request.soft_close_seconds, Bid.price_cents, Bid.updated_at,
                  Bid.withdrawn_in_window, best_left)
        .join(Bid, Bid.request_id == Request.id)
        .where(*scope.requests(), Bid.status == "withdrawn", Bid.withdrawn_in_window.is_not(None))
        .order_by(Request.published_at.desc(), Request.id.desc(), Bid.id)).all()
    found, seen = [], set()
    for rid, ref, soft_close, price, withdrawn_at, closes_at, left in rows:
        leading = left is None or price <= left
        margin = max(timedelta(minutes=LATE_MINUTES), timedelta(seconds=soft_close or 0))
        if rid in seen or not leading or withdrawn_at < closes_at - margin:
            continue
        seen.add(rid)
        minutes = int((closes_at - withdrawn_at).total_seconds() // 60)
        detail = (Text("De laagste aanbieding (%(price)s) werd %(minutes)s min. voor de geplande sluiting ingetrokken.",
                       price=format_eur(price), minutes=max(minutes, 0))
                  if withdrawn_at <= closes_at else
                  Text("De laagste aanbieding (%(price)s) werd in de verlenging na de geplande sluiting ingetrokken.",
                       price=format_eur(price)))
        found.append(_about_request("late_withdrawal", rid, ref, detail))
    return found


def identical_prices(session: Session, scope: Scope) -> list[dict]:
    # Grouped on the offers' own columns first; the few requests found are looked up after.
    same = (sa.select(Bid.request_id.label("request_id"), Bid.price_cents.label("price"),
                      sa.func.count().label("offers"))
            .join(Request, Request.id == Bid.request_id).where(*_closed(scope), Bid.status == "active")
            .group_by(Bid.request_id, Bid.price_cents).having(sa.func.count() > 1).subquery())
    rows = session.execute(
        sa.select(Request.id, Request.reference, same.c.price, same.c.offers)
        .join(same, same.c.request_id == Request.id)
        .order_by(Request.published_at.desc(), Request.id.desc(), same.c.price)).all()
    return [_about_request("identical_prices", rid, ref, Text(
        "%(count)s aanbieders boden precies hetzelfde bedrag (%(price)s).", count=count, price=format_eur(price)))
        for rid, ref, price, count in rows]


def never_wins(session: Session, scope: Scope) -> list[dict]:
    won = sa.func.sum(sa.case((Request.awarded_bid_id == Bid.id, 1), else_=0))
    rows = session.execute(
        sa.select(Bid.organisation_id, Organisation.name, sa.func.count(Bid.id))
        .select_from(Request).join(Bid, Bid.request_id == Request.id)
        .join(Organisation, Organisation.id == Bid.organisation_id)
        .where(*_closed(scope))
        .group_by(Bid.organisation_id, Organisation.name)
        .having(sa.func.count(Bid.id) >= NEVER_WINS_OFFERS, won == 0)
        .order_by(sa.func.count(Bid.id).desc(), Organisation.name)).all()
    return [_about_provider("never_wins", org_id, name, Text(
        "%(name)s deed %(offers)s aanbiedingen en won er geen.", name=name, offers=offers))
        for org_id, name, offers in rows]
