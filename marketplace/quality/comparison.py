"""The comparison of a request's offers with more than price in it: each offer gets its
provider's record in this gemeente, the consultant's assessment of its plan of approach and,
when the request has award criteria, its score, what the score is made of, and its place by
score. The award reads the same, so the page, the API and the motivation rule agree."""
from collections.abc import Mapping
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import OfferAssessment, Request
from . import scoring
from .record import records_for


def assessments_of(session: Session, request_id: int) -> dict[int, int]:
    """{bid id: approach 1-5} for the request's assessed offers."""
    return dict(session.execute(sa.select(OfferAssessment.bid_id, OfferAssessment.approach)
                                .where(OfferAssessment.request_id == request_id)).all())


def annotate(session: Session, request: Request, offers: list[dict],
             reached_at: Mapping[int, datetime] | None = None) -> list[dict]:
    """Add "record" and "approach_assessment" to each offer (dicts as award.offer_dict makes
    them), and with award criteria "score", "score_detail" and "score_rank" (None for a
    suspended offer, which cannot be chosen). `reached_at`: when each offer reached its price,
    for ties. Changes the dicts in place and returns them."""
    records = records_for(session, request.gemeente_id, {o["provider"]["id"] for o in offers})
    assessed = assessments_of(session, request.id)
    for offer in offers:
        offer["record"] = records[offer["provider"]["id"]]
        offer["approach_assessment"] = assessed.get(offer["bid_id"])
    if request.award_criteria:
        _score(request, offers, reached_at or {})
    return offers


def _score(request: Request, offers: list[dict], reached_at: Mapping[int, datetime]) -> None:
    ranked = [o for o in offers if not o.get("suspended")]
    maximum = request.max_price_cents or max((o["price_cents"] for o in ranked or offers), default=0)
    for offer in offers:
        score = scoring.score_offer(request.award_criteria, scoring.OfferFacts(
            price_cents=offer["price_cents"], start_date=_day(offer["start_date"]),
            floor_cents=request.floor_price_cents, maximum_cents=maximum, wished_start=request.start_date,
            approach=offer["approach_assessment"], record=offer["record"]))
        offer["score"] = score.total
        offer["score_detail"] = score.as_dict()
    places = scoring.rank(scoring.Ranked(o["bid_id"], o["score"], o["price_cents"], reached_at.get(o["bid_id"]))
                          for o in ranked)
    for offer in offers:
        offer["score_rank"] = places.get(offer["bid_id"])


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def needs_motivation(request: Request, offers: list[dict], chosen_bid_id: int | None) -> bool:
    """scoring.needs_motivation for this request's annotated offers."""
    return scoring.needs_motivation(offers, chosen_bid_id, by_score=bool(request.award_criteria))
