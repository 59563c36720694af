"""Opening and closing windows, called on the domain as the scheduler calls it (lifecycle): a
window closes at its closes_at (which soft close may have moved) and not before, as `closed`
with offers or `no_offers` without, once; a scheduled window opens at its opens_at."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction import lifecycle
from marketplace.auction.withdrawal import withdraw_bid
from marketplace.extensions import db
from marketplace.models import AuditEvent, Request
from tests.support import world

pytestmark = pytest.mark.every_backend


def request_row(request_id) -> Request:
    request = db.session.get(Request, request_id)
    db.session.refresh(request)
    return request


def closings(request_id) -> list[dict]:
    return [e.details for e in db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.request_id == request_id, AuditEvent.action == "window_closed"))]


def test_closing_a_window_without_offers_leaves_it_no_offers(published, clock):
    request_id = published()
    clock.now = request_row(request_id).closes_at
    assert lifecycle.close_window(db.session, request_id).result == "done"
    request = request_row(request_id)
    assert request.status == "no_offers" and request.closed_at == clock.now
    assert [(c["status"], c["offers"]) for c in closings(request_id)] == [("no_offers", 0)]


def test_closing_a_window_with_offers_closes_it(published, offer, clock):
    request_id = published()
    offer(request_id, "aanbieder1", 120000)
    offer(request_id, "aanbieder2", 110000)
    seq = request_row(request_id).seq
    clock.now = request_row(request_id).closes_at + timedelta(seconds=2)
    assert lifecycle.close_window(db.session, request_id).result == "done"
    request = request_row(request_id)
    assert request.status == "closed" and request.seq == seq + 1
    assert [(c["status"], c["offers"], c["lateness_ms"]) for c in closings(request_id)] == [("closed", 2, 2000)]


def test_a_window_whose_only_offer_was_withdrawn_closes_with_no_offers(published, offer, clock):
    request_id = published()
    offer(request_id, "aanbieder1", 120000)
    withdraw_bid(db.session, world.actor(db.session, "aanbieder1"), request_id)
    clock.now = request_row(request_id).closes_at
    assert lifecycle.close_window(db.session, request_id).result == "done"
    assert request_row(request_id).status == "no_offers"


def test_the_close_waits_for_closes_at_and_says_when(published, offer, clock):
    request_id = published()
    offer(request_id, "aanbieder1", 120000)
    closes_at = request_row(request_id).closes_at
    clock.now = closes_at - timedelta(seconds=1)
    outcome = lifecycle.close_window(db.session, request_id)
    assert (outcome.result, outcome.retry_at) == ("not_yet", closes_at)
    assert request_row(request_id).status == "open" and closings(request_id) == []


def test_the_close_waits_for_a_closes_at_moved_by_soft_close(published, offer, clock):
    request_id = published(soft_close_seconds=120)
    original = request_row(request_id).closes_at
    clock.now = original - timedelta(seconds=30)
    offer(request_id, "aanbieder1", 120000)  # extends to 90 s past the original close
    clock.now = original
    outcome = lifecycle.close_window(db.session, request_id)
    assert (outcome.result, outcome.retry_at) == ("not_yet", original + timedelta(seconds=90))
    clock.now = original + timedelta(seconds=90)
    assert lifecycle.close_window(db.session, request_id).result == "done"
    assert request_row(request_id).status == "closed"


def test_closing_twice_closes_once(published, offer, clock):
    request_id = published()
    offer(request_id, "aanbieder1", 120000)
    clock.now = request_row(request_id).closes_at
    assert lifecycle.close_window(db.session, request_id).result == "done"
    assert lifecycle.close_window(db.session, request_id).result == "nothing"
    assert len(closings(request_id)) == 1 and request_row(request_id).status == "closed"


def test_a_scheduled_window_opens_at_opens_at_and_not_before(published, clock):
    opens_at = clock.now + timedelta(hours=1)
    request_id = published(opens_at=opens_at.isoformat(), closes_at=(opens_at + timedelta(hours=1)).isoformat())
    assert request_row(request_id).status == "scheduled"
    clock.now = opens_at - timedelta(seconds=1)
    outcome = lifecycle.open_window(db.session, request_id)
    assert (outcome.result, outcome.retry_at) == ("not_yet", opens_at)
    clock.now = opens_at
    assert lifecycle.open_window(db.session, request_id).result == "done"
    assert lifecycle.open_window(db.session, request_id).result == "nothing"
    assert request_row(request_id).status == "open"
