"""The tariff table (bouwstenen): a price per four weeks per result area per complexity, and
what it gives a new request: its maximum is the sum over the request's result areas, its floor
(reële prijs) the gemeente's percentage of that sum."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import ComplexityLevel, Gemeente, ResultArea, Tariff

# A new gemeente's starting table, in cents per four weeks at licht / midden / zwaar: about
# €60 an hour of support, from one to four hours a week. The gemeente sets its own from there.
DEFAULT_TARIFFS = {
    "administratie_financien": (80_000, 150_000, 240_000),
    "sociale_redzaamheid": (70_000, 130_000, 210_000),
    "dagstructuur": (75_000, 140_000, 225_000),
    "werknemersvaardigheden": (70_000, 130_000, 210_000),
    "sociaal_netwerk": (60_000, 110_000, 180_000),
    "huishoudelijke_hulp": (45_000, 75_000, 110_000),
    "zinvolle_dagbesteding": (90_000, 160_000, 250_000),
    "arbeidsmatige_dagbesteding": (90_000, 160_000, 250_000),
    "educatieve_dagbesteding": (85_000, 150_000, 240_000),
}
DEFAULT_COMPLEXITY_ORDER = ("licht", "midden", "zwaar")


def tariff_table(session: Session, gemeente_id: int) -> dict[tuple[str, str], int]:
    """(result area code, complexity code) -> price in cents per four weeks."""
    rows = session.execute(
        sa.select(ResultArea.code, ComplexityLevel.code, Tariff.price_cents)
        .join(ResultArea, Tariff.result_area_id == ResultArea.id)
        .join(ComplexityLevel, Tariff.complexity_id == ComplexityLevel.id)
        .where(Tariff.gemeente_id == gemeente_id))
    return {(area, level): price for area, level, price in rows}


def floor_percent(session: Session, gemeente_id: int) -> int:
    return session.scalar(sa.select(Gemeente.floor_percent).where(Gemeente.id == gemeente_id)) or 0


def default_prices(session: Session, gemeente_id: int,
                   result_areas: list[tuple[str, str]]) -> tuple[int | None, int | None]:
    """(maximum, floor) for a request with these (result area, complexity) pairs: the sum of
    their tariffs, and floor_percent of it rounded down to whole cents. (None, None) when the
    table lacks one of them: then the consultant names the maximum."""
    if not result_areas:
        return None, None
    table = tariff_table(session, gemeente_id)
    prices = [table.get((code, complexity)) for code, complexity in result_areas]
    if any(price is None for price in prices):
        return None, None
    maximum = sum(prices)
    return maximum, maximum * floor_percent(session, gemeente_id) // 100


def table_for_form(session: Session, gemeente_id: int) -> dict:
    """What the new-request form needs to fill in the prices as the consultant picks result
    areas: {"floor_percent": 40, "prices": {"<area>": {"<complexity>": cents}}}."""
    prices: dict[str, dict[str, int]] = {}
    for (area, level), price in tariff_table(session, gemeente_id).items():
        prices.setdefault(area, {})[level] = price
    return {"floor_percent": floor_percent(session, gemeente_id), "prices": prices}


def seed_tariffs(session: Session, gemeente_id: int, percent: int = 100) -> int:
    """A starting table for the gemeente's default result areas and complexity levels (each
    price `percent` of DEFAULT_TARIFFS, in whole euros); returns how many tariffs it set.
    Entries the gemeente does not have, or already priced, are left alone."""
    areas = {a.code: a.id for a in session.scalars(sa.select(ResultArea).where(ResultArea.gemeente_id == gemeente_id))}
    levels = {c.code: c.id for c in session.scalars(
        sa.select(ComplexityLevel).where(ComplexityLevel.gemeente_id == gemeente_id))}
    priced = {(t.result_area_id, t.complexity_id) for t in session.scalars(
        sa.select(Tariff).where(Tariff.gemeente_id == gemeente_id))}
    added = 0
    for code, prices in DEFAULT_TARIFFS.items():
        for level, price in zip(DEFAULT_COMPLEXITY_ORDER, prices):
            key = (areas.get(code), levels.get(level))
            if None in key or key in priced:
                continue
            session.add(Tariff(gemeente_id=gemeente_id, result_area_id=key[0], complexity_id=key[1],
                               price_cents=price * percent // 100 // 100 * 100))
            added += 1
    return added
