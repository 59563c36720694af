"""Fixtures for calling the domain directly: inside an app context (db.session is the session
the adapters would pass), a request published the way the API publishes one, and an offer
placed the way every adapter places one (bidding.place_bid, which admits the bidder first); for
the assignment's tests, a request awarded, or awarded and started (tests/domain/test_assignment_*)."""
from datetime import date

import pytest

from marketplace.auction import support_requests
from marketplace.auction.bidding import place_bid
from marketplace.auction.inputs import BidInput
from marketplace.extensions import db
from marketplace.followup import assignments
from marketplace.privacy import detection
from tests.support import world
from tests.support.assignment_steps import TWO_AREAS
from tests.support.followup import WINNER, award_in_domain, today
from tests.support.world import request_payload


@pytest.fixture
def published(ctx, clock):
    """Factory: a request of `as_`'s gemeente, published now (its window open from clock.now for
    30 minutes unless overridden); returns its id. The text is screened by the exact patterns
    only: what the name model finds is no question here."""
    def make(as_="consulent", **overrides):
        consultant = world.actor(db.session, as_)
        request_id = support_requests.create_request(db.session, consultant,
                                                     request_payload(clock.now, **overrides)).id
        support_requests.publish(db.session, consultant, request_id, detection.patterns_only)
        return request_id
    return make


@pytest.fixture
def offer(ctx):
    """Factory: place or revise `who`'s offer through the domain; returns the BidResult."""
    def place(request_id, who, price_cents, start_date=date(2027, 2, 1), approach=None, key=None):
        inp = BidInput(price_cents=price_cents, start_date=start_date,
                       approach=approach if approach is not None else f"Plan van {who}", idempotency_key=key)
        return place_bid(db.session, world.actor(db.session, who), request_id, inp)
    return place


@pytest.fixture
def consultant(ctx):
    return world.actor(db.session, "consulent")


@pytest.fixture
def awarded(ctx, clock, published, offer):
    """Factory: a request published and awarded to WINNER (tests.support.followup); the id."""
    def make(**overrides) -> int:
        return award_in_domain(clock, published, offer, **overrides)
    return make


@pytest.fixture
def started(awarded, consultant, clock):
    """Factory: awarded with two result areas, started today by the winner; the id."""
    def make(**overrides) -> int:
        request_id = awarded(result_areas=TWO_AREAS, **overrides)
        assignments.start(db.session, world.actor(db.session, WINNER), request_id, today(clock).isoformat())
        return request_id
    return make
