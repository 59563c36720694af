"""The scope of the steering figures: one gemeente, a period and optionally one category.

A request belongs to a period by its publication: its `published_at` falls on a day from
`date_from` to `date_to` (both included) on Amsterdam's calendar. Everything that follows from
a request (its offers, award, assignment, reviews, survey and complaints) is counted with the
period of its publication, so that one request is always counted in one period, whatever
happened to it later. Drafts are never published and so are in no period."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.errors import Text, validation_error
from ..auction.inputs import Fields
from ..models import Category, Request

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EARLIEST = date(2000, 1, 1)
MAX_YEARS = 10


def midnight(day: date) -> datetime:
    """The moment (UTC) a day starts in Amsterdam."""
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM).astimezone(timezone.utc)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Scope:
    gemeente_id: int
    date_from: date
    date_to: date
    category_id: int | None = None
    category_code: str | None = None
    months: tuple[date, ...] = field(init=False)

    def __post_init__(self):
        months, first = [], month_start(self.date_from)
        while first <= self.date_to:
            months.append(first)
            first = next_month(first)
        object.__setattr__(self, "months", tuple(months))

    @property
    def starts_at(self) -> datetime:
        return midnight(self.date_from)

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period (the start of the day after date_to)."""
        return midnight(self.date_to + timedelta(days=1))

    @property
    def month_keys(self) -> list[str]:
        return [m.strftime("%Y-%m") for m in self.months]

    def requests(self, requests=Request) -> list:
        """The WHERE clauses that select the requests in scope (published in the period)."""
        clauses = [requests.gemeente_id == self.gemeente_id, requests.published_at >= self.starts_at,
                   requests.published_at < self.ends_at]
        if self.category_id is not None:
            clauses.append(requests.category_id == self.category_id)
        return clauses

    def month_of(self, moment) -> sa.ColumnElement:
        """The index (0, 1, ...) into `months` of the month a moment falls in, on Amsterdam's
        calendar: a CASE over the months' first moments, the same on SQLite and PostgreSQL."""
        bounds = [midnight(m) for m in self.months[1:]]
        if not bounds:
            return sa.literal(0)
        return sa.case(*[(moment < bound, index) for index, bound in enumerate(bounds)], else_=len(bounds))

    def describe(self) -> dict:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "category": self.category_code}


def default_period(today: date) -> tuple[date, date]:
    """The last twelve calendar months, this one included."""
    first = month_start(today)
    for _ in range(11):
        first = month_start(first - timedelta(days=1))
    return first, today


def make_scope(session: Session, gemeente_id: int, date_from: date, date_to: date,
               category_code: str | None = None) -> Scope:
    errors = {}
    if date_from > date_to:
        errors["to"] = Text("Mag niet vóór de begindatum liggen.")
    elif date_to - date_from > timedelta(days=366 * MAX_YEARS):
        errors["from"] = Text("De periode mag hoogstens %(years)s jaar zijn.", years=MAX_YEARS)
    category_id = None
    if category_code:
        category_id = session.scalar(sa.select(Category.id).where(Category.gemeente_id == gemeente_id,
                                                                  Category.code == category_code))
        if category_id is None:
            errors["category"] = Text("Onbekende productcategorie.")
    if errors:
        raise validation_error(errors)
    return Scope(gemeente_id, date_from, date_to, category_id, category_code or None)


def read_scope(session: Session, gemeente_id: int, args, today: date) -> Scope:
    """The scope from untrusted query parameters `from`, `to` (JJJJ-MM-DD) and `category` (a
    category code of the gemeente); left out: the last twelve months, every category."""
    f = Fields({name: args.get(name) for name in ("from", "to", "category")})
    between = (EARLIEST, today + timedelta(days=366))
    date_from = f.date("from", required=False, between=between)
    date_to = f.date("to", required=False, between=between)
    category = f.text("category", required=False, max_length=64, default=None)
    f.done()
    date_to = date_to or today
    date_from = date_from or default_period(date_to)[0]
    return make_scope(session, gemeente_id, date_from, date_to, category)
