"""Placing and revising an offer, called on the domain as every adapter calls it
(bidding.place_bid): what counts is stored with its revision and audit row in one go, and a bid
that does not count is refused with its code and leaves nothing behind; a better bid in the
window's last seconds extends it, up to the cap."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction.bidding import place_bid
from marketplace.auction.errors import DomainError
from marketplace.auction.inputs import BidInput
from marketplace.extensions import db
from marketplace.models import AuditEvent, Bid, BidRevision, IdempotencyRecord, Request
from tests.support import world

pytestmark = pytest.mark.every_backend


def stored() -> dict:
    """What a bid may leave behind, counted: offers, revisions, audit rows, remembered answers,
    and the request's seq."""
    def count(model):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))
    seqs = tuple(db.session.scalars(sa.select(Request.seq).order_by(Request.id)))
    db.session.commit()
    return {"bids": count(Bid), "revisions": count(BidRevision), "audit": count(AuditEvent),
            "answers": count(IdempotencyRecord), "seqs": seqs}


def refused(place) -> DomainError:
    """The error a bid is refused with; the refusal must leave everything as it was."""
    before = stored()
    with pytest.raises(DomainError) as error:
        place()
    assert stored() == before
    return error.value


def request_row(request_id) -> Request:
    request = db.session.get(Request, request_id)
    db.session.refresh(request)
    return request


def test_a_first_offer_is_stored_with_its_revision_and_audit_row(published, offer, clock):
    request_id = published()
    seq = request_row(request_id).seq
    body = offer(request_id, "aanbieder1", 120000).body
    assert (body["bid"]["revision"], body["bid"]["label"], body["bid"]["price_cents"]) == (1, "A", 120000)
    assert body["standings"]["my_rank"] == 1
    bid = db.session.get(Bid, body["bid"]["id"])
    assert [(r.revision, r.price_cents) for r in bid.revisions] == [(1, 120000)]
    placed = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.request_id == request_id, AuditEvent.action == "bid_placed")).one()
    assert placed.details["price_cents"] == 120000 and placed.created_at == clock.now
    assert request_row(request_id).seq == seq + 1


def test_a_bid_below_the_floor_is_refused_with_price_below_floor_and_nothing_is_stored(published, offer):
    request_id = published(floor_price_cents=60000)
    error = refused(lambda: offer(request_id, "aanbieder1", 59999))
    assert error.code == "price_below_floor" and error.extra == {"floor_price_cents": 60000}
    assert "€ 600,00" in error.message


@pytest.mark.parametrize("price", [120000, 119901, 125000])
def test_a_revision_must_be_lower_by_at_least_the_step(published, offer, price):
    request_id = published(min_step_cents=100)
    offer(request_id, "aanbieder1", 120000)
    error = refused(lambda: offer(request_id, "aanbieder1", price))
    assert error.code == "price_not_lower"
    assert error.extra == {"previous_price_cents": 120000, "min_step_cents": 100}


def test_a_revision_a_full_step_lower_counts_as_the_next_revision_of_the_same_offer(published, offer):
    request_id = published(min_step_cents=100)
    first = offer(request_id, "aanbieder1", 120000).body["bid"]
    second = offer(request_id, "aanbieder1", 119900).body["bid"]
    assert (second["id"], second["revision"], second["price_cents"]) == (first["id"], 2, 119900)
    assert [r.price_cents for r in db.session.get(Bid, first["id"]).revisions] == [120000, 119900]


def test_a_first_offer_without_start_date_and_approach_is_refused(published):
    request_id = published()
    provider = world.actor(db.session, "aanbieder1")
    error = refused(lambda: place_bid(db.session, provider, request_id, BidInput(
        price_cents=100000, start_date=None, approach=None, idempotency_key=None)))
    assert error.code == "validation_error" and set(error.extra["fields"]) == {"start_date", "approach"}


def test_a_repeated_idempotency_key_answers_as_the_first_time_and_stores_nothing(published, offer):
    request_id = published()
    first = offer(request_id, "aanbieder1", 120000, key="k-1")
    before = stored()
    again = offer(request_id, "aanbieder1", 110000, key="k-1")
    assert again.replayed and again.body == first.body
    assert stored() == before


def test_a_bid_in_the_last_soft_close_seconds_extends_the_window(published, offer, clock):
    request_id = published(soft_close_seconds=120, max_extension_seconds=1800)
    closes_at = request_row(request_id).closes_at
    clock.now = closes_at - timedelta(seconds=60)
    body = offer(request_id, "aanbieder1", 100000).body
    assert body["standings"]["extended"] is True
    request = request_row(request_id)
    assert request.closes_at == clock.now + timedelta(seconds=120) > closes_at
    assert request.original_closes_at == closes_at
    extended = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.request_id == request_id, AuditEvent.action == "window_extended")).one()
    assert extended.details["closes_at"] == request.closes_at.isoformat()


def test_a_bid_before_the_last_seconds_or_one_that_does_not_beat_the_best_does_not_extend(published, offer, clock):
    request_id = published(soft_close_seconds=120)
    closes_at = request_row(request_id).closes_at
    clock.now = closes_at - timedelta(seconds=121)
    assert offer(request_id, "aanbieder1", 100000).body["standings"]["extended"] is False
    clock.now = closes_at - timedelta(seconds=30)
    assert offer(request_id, "aanbieder2", 110000).body["standings"]["extended"] is False  # not the best
    assert request_row(request_id).closes_at == closes_at


def test_extensions_stop_at_original_closes_at_plus_the_cap(published, offer, clock):
    request_id = published(soft_close_seconds=120, max_extension_seconds=90)
    original = request_row(request_id).closes_at
    clock.now = original - timedelta(seconds=10)
    offer(request_id, "aanbieder1", 100000)
    assert request_row(request_id).closes_at == original + timedelta(seconds=90)
    clock.now = original + timedelta(seconds=80)
    offer(request_id, "aanbieder2", 99000)  # would extend to +200 s: held at the cap
    assert request_row(request_id).closes_at == original + timedelta(seconds=90)
    clock.now = original + timedelta(seconds=90)
    assert refused(lambda: offer(request_id, "aanbieder1", 98000)).code == "window_closed"


def test_a_bid_after_closes_at_is_refused_even_before_the_close_runs(published, offer, clock):
    request_id = published()
    clock.advance(30 * 60)
    assert refused(lambda: offer(request_id, "aanbieder1", 100000)).code == "window_closed"
    assert request_row(request_id).status == "open"


@pytest.mark.parametrize("who, code", [("aanbieder5", "not_found"), ("consulent", "forbidden")])
def test_who_may_not_bid_is_refused_and_nothing_is_stored(published, offer, who, code):
    request_id = published()
    assert refused(lambda: offer(request_id, who, 100000)).code == code
