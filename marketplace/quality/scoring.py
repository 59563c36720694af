"""Award criteria (beste prijs-kwaliteitverhouding): the weights a request may carry, the score
they give an offer, the ranking by score, and the one rule for when an award needs a written
motivation. Pure: no database, no Flask.

The weights are whole numbers for `price`, `start_date`, `approach` and `record`, each 0-100,
together 100 (a weight left out is 0). A request without weights is judged on price only.

Each criterion scores an offer from 0 to 100:
- price: where the price lies between the request's floor and maximum: at the floor 100, at the
  maximum 0, linear in between. A request without a floor measures from 0; one without a
  maximum measures to the highest price offered. A spread of nothing (floor = maximum) is 100.
- start_date: on or before the wished start 100, then 100/28 points less per day later: four
  weeks late or more is 0.
- approach: the plan of approach as the consultant scored it with the client, 1-5 -> 0, 25,
  50, 75, 100. Not yet scored: 50, the middle, and the score is marked incomplete.
- record: the mean of what is known of satisfaction (mean 1-5 -> 0-100), results (achieved
  share -> 0-100) and starts on time (share -> 0-100). A new provider (fewer than five
  started assignments), or one of which none of the three is known, scores 50: never ranked
  down for having no record. Complaints are shown beside the record, not scored: on a few
  assignments one complaint swings the rate too much to weigh it.

total = sum over the criteria of weight x criterion score / 100, rounded to one decimal (half
up). Offers rank by total, highest first; equal totals by price, then by who reached that
price first.

Worked example (README.md, "Award criteria"; tests/domain/test_scoring.py): maximum € 1.500,
floor € 600, wished start 1 March, weights price 60, start_date 10, approach 20, record 10.

    A  € 900, starts 1 March, approach 3, record: satisfaction 4.5, achieved 0.75, on time 0.9
       price 66.7, start 100, approach 50, record (87.5 + 75 + 90) / 3 = 84.2
       total 0.6 x 66.67 + 0.1 x 100 + 0.2 x 50 + 0.1 x 84.17 = 68.4
    B  € 1.050, starts 8 March, approach 5, new provider
       price 50, start 75, approach 100, record 50 -> total 30 + 7.5 + 20 + 5 = 62.5
    C  € 600, starts 29 March, approach 1, record: satisfaction 2.0, no reviews, on time 0.5
       price 100, start 0, approach 0, record (25 + 50) / 2 = 37.5 -> total 60 + 3.75 = 63.8

Ranking: A (68.4), C (63.8), B (62.5). C is the cheapest; choosing C or B needs a motivation."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from ..auction import states
from ..auction.errors import Text, validation_error

CRITERIA = ("price", "start_date", "approach", "record")
DAYS_TO_ZERO = 28
MIDDLE = 50.0


def parse_award_criteria(value) -> tuple[dict | None, dict[str, Text]]:
    """(weights with all four criteria, {}) or (None, {field: message}); None stays None (price only)."""
    if value is None:
        return None, {}
    if not isinstance(value, dict):
        return None, {"award_criteria": Text("Moet een object zijn met gewichten voor price, start_date, "
                                             "approach en record.")}
    errors: dict[str, Text] = {}
    for name in value:
        if name not in CRITERIA:
            errors[f"award_criteria.{name}"] = Text("Onbekend criterium; kies uit price, start_date, approach "
                                                    "en record.")
    weights = {}
    for name in CRITERIA:
        weight = value.get(name, 0)
        if isinstance(weight, float) and weight.is_integer():
            weight = int(weight)  # JSON has one kind of number: 60.0 is the whole number 60
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
            errors[f"award_criteria.{name}"] = Text("Moet een geheel getal van 0 tot en met 100 zijn.")
        else:
            weights[name] = weight
    if not errors and sum(weights.values()) != 100:
        errors["award_criteria"] = Text("De gewichten moeten samen 100 zijn; nu is het %(total)s.",
                                        total=sum(weights.values()))
    return (None, errors) if errors else (weights, {})


def validate_award_criteria(value) -> dict | None:
    """The weights, or validation_error with a message per field."""
    weights, errors = parse_award_criteria(value)
    if errors:
        raise validation_error(errors)
    return weights


def price_score(price_cents: int, floor_cents: int | None, maximum_cents: int) -> float:
    floor = floor_cents or 0
    if maximum_cents <= floor:
        return 100.0
    return _clamp(100 * (maximum_cents - price_cents) / (maximum_cents - floor))


def start_score(offered: date, wished: date) -> float:
    days_late = (offered - wished).days
    return 100.0 if days_late <= 0 else _clamp(100 - 100 * days_late / DAYS_TO_ZERO)


def approach_score(assessment: int | None) -> float | None:
    """0-100 from the 1-5 assessment; None while not assessed."""
    return None if assessment is None else (assessment - 1) * 25.0


def record_score(record: Mapping | None) -> float:
    """The mean of what is known of satisfaction, results and starts on time; 50 for a new
    provider, or when none of the three is known."""
    if not record or record.get("new_provider", True):
        return MIDDLE
    known = []
    mean = (record.get("satisfaction") or {}).get("mean")
    if mean is not None:
        known.append(_clamp((mean - 1) * 25))
    achieved = (record.get("results") or {}).get("achieved_rate")
    if achieved is not None:
        known.append(_clamp(100 * achieved))
    on_time = record.get("started_on_time_rate")
    if on_time is not None:
        known.append(_clamp(100 * on_time))
    return sum(known) / len(known) if known else MIDDLE


@dataclass(frozen=True)
class Part:
    weight: int
    score: float   # 0-100, unrounded
    points: float  # weight x score / 100, unrounded

    def as_dict(self) -> dict:
        return {"weight": self.weight, "score": one_decimal(self.score), "points": one_decimal(self.points)}


@dataclass(frozen=True)
class Score:
    total: float                     # rounded to one decimal
    parts: dict[str, Part]
    missing: tuple[str, ...] = field(default=())  # criteria with weight that are not known yet

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict:
        return {"total": self.total, "complete": self.complete, "missing": list(self.missing),
                "parts": {name: part.as_dict() for name, part in self.parts.items()}}


@dataclass(frozen=True)
class OfferFacts:
    """What the score needs of one offer and its request."""

    price_cents: int
    start_date: date
    floor_cents: int | None
    maximum_cents: int
    wished_start: date
    approach: int | None = None   # the consultant's 1-5 assessment
    record: Mapping | None = None


def score_offer(weights: Mapping[str, int], offer: OfferFacts) -> Score:
    approach = approach_score(offer.approach)
    scores = {
        "price": price_score(offer.price_cents, offer.floor_cents, offer.maximum_cents),
        "start_date": start_score(offer.start_date, offer.wished_start),
        "approach": MIDDLE if approach is None else approach,
        "record": record_score(offer.record),
    }
    parts = {name: Part(weights.get(name, 0), scores[name], weights.get(name, 0) * scores[name] / 100)
             for name in CRITERIA}
    missing = ("approach",) if approach is None and weights.get("approach", 0) > 0 else ()
    return Score(one_decimal(sum(p.points for p in parts.values())), parts, missing)


@dataclass(frozen=True)
class Ranked:
    key: int
    total: float
    price_cents: int
    reached_at: datetime | None = None


def rank(offers: Iterable[Ranked]) -> dict[int, int]:
    """{key: place}, 1 first: highest total, then lowest price, then who reached it first."""
    ordered = sorted(offers, key=lambda o: (-o.total, o.price_cents, o.reached_at or datetime.max))
    return {o.key: place for place, o in enumerate(ordered, start=1)}


def needs_motivation(offers: Iterable[Mapping], chosen_bid_id: int | None, by_score: bool) -> bool:
    """The award's one rule, for the domain and the page alike: a motivation is required when
    the chosen offer is not first by score (by price when the request has no award criteria).
    An offer that ties with the first is first. `offers` as the comparison lists them (dicts
    with bid_id, price_cents, suspended and, by score, score); suspended offers do not count."""
    ranked = [o for o in offers if not o.get("suspended")]
    chosen = next((o for o in ranked if o["bid_id"] == chosen_bid_id), None)
    if chosen is None:
        return False
    if by_score:
        return chosen["score"] < max(o["score"] for o in ranked)
    return states.needs_motivation(chosen["price_cents"], min(o["price_cents"] for o in ranked))


def one_decimal(value: float) -> float:
    """Half up, as people round (0.25 -> 0.3); Python's round() rounds half to even."""
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))
