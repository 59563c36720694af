"""The few SQL expressions that differ between SQLite and PostgreSQL, and medians taken from
counts, so that the figures are the same on both."""
import sqlalchemy as sa
from sqlalchemy.orm import Session


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def days_between(later, earlier, dialect_name: str, dates: bool = False) -> sa.ColumnElement:
    """Days from `earlier` to `later` (with a fraction for moments; whole days for dates)."""
    if dialect_name == "sqlite":
        return sa.func.julianday(later) - sa.func.julianday(earlier)
    if dates:
        return later - earlier  # PostgreSQL: date - date is a whole number of days
    return sa.extract("epoch", later - earlier) / 86400.0


def median(values) -> float | None:
    """The median of numbers (None, and anything not a number, left out); None for none."""
    ordered = sorted(float(v) for v in values if v is not None)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def median_of_counts(counts: dict[int, int]) -> float | None:
    """The median of a distribution given as {value: how many times}, without expanding it."""
    total = sum(counts.values())
    if total == 0:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    return (low + high) / 2


def rate(part, whole, digits: int = 4) -> float | None:
    """part / whole rounded, None without a whole."""
    return round(part / whole, digits) if whole else None


def rounded(value, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)
