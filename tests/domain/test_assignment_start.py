"""The assignment after the award, at the domain (marketplace.followup): made by the award from
the request and the winning offer, started once by the winner or a consultant of the gemeente
(the consultant with the ZRM baseline), not before the award nor ahead of today; the client's
code after the award waits for the start. Every refusal changes nothing."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction import award
from marketplace.auction.actors import Actor
from marketplace.extensions import db
from marketplace.followup import assignments
from marketplace.models import Request, Review
from tests.support import world
from tests.support.assignment_steps import refused
from tests.support.followup import (
    LOSER,
    WINNER,
    WINNING_PRICE,
    assignment,
    days,
    event,
    footprint,
    later,
    today,
)

pytestmark = pytest.mark.every_backend


def test_the_award_makes_the_assignment_from_the_request_and_the_winning_offer(awarded, clock):
    request_id = awarded()
    request = db.session.get(Request, request_id)
    row = assignment(request_id)
    assert (row.status, row.bid_id, row.price_cents) == ("awarded", request.awarded_bid_id, WINNING_PRICE)
    assert (row.gemeente_id, row.category_id) == (request.gemeente_id, request.category_id)
    assert row.organisation_id == world.actor(db.session, WINNER).organisation_id
    assert row.offered_start_date == date(2027, 2, 1) and row.awarded_on == today(clock)
    assert (row.started_on, row.review_every_weeks, row.next_review_on) == (None, 12, None)


# --- the start -------------------------------------------------------------------------------

def test_the_winner_confirms_the_start_once_and_it_is_audited(awarded, clock):
    request_id = awarded()
    winner = world.actor(db.session, WINNER)
    clock.advance(days(3))
    assignments.start(db.session, winner, request_id, today(clock).isoformat())
    row = assignment(request_id)
    assert (row.status, row.started_on) == ("started", today(clock))
    assert row.next_review_on == today(clock) + timedelta(weeks=12)
    started_event = event(request_id, "assignment_started")
    assert started_event.actor == winner.audit_name
    assert started_event.details["started_on"] == today(clock).isoformat()
    before = footprint(request_id)
    error = refused(lambda: assignments.start(db.session, winner, request_id, today(clock).isoformat()))
    assert error.code == "invalid_state"
    assert footprint(request_id) == before


def test_the_consultant_may_confirm_the_start_with_the_zrm_baseline(awarded, consultant, clock):
    request_id = awarded()
    assignments.start(db.session, consultant, request_id, today(clock).isoformat(),
                      {"financien": 2, "dagbesteding": 3})
    baseline = db.session.scalars(sa.select(Review).where(Review.assignment_id == assignment(request_id).id)).one()
    assert (baseline.kind, baseline.zrm, baseline.reviewed_on) == ("start", {"financien": 2, "dagbesteding": 3},
                                                                   today(clock))
    assert baseline.results == []


def test_a_start_before_the_award_or_ahead_of_today_is_refused_and_changes_nothing(awarded, clock):
    request_id = awarded()
    winner = world.actor(db.session, WINNER)
    before = footprint(request_id)
    for day, word in ((later(today(clock), -1), "gunning"), (later(today(clock), 1), "toekomst")):
        error = refused(lambda day=day: assignments.start(db.session, winner, request_id, day.isoformat()))
        assert error.code == "validation_error" and word in error.extra["fields"]["started_on"]
    assert footprint(request_id) == before


@pytest.mark.parametrize("started_on", [None, "", "gisteren", "2027-13-01", 20270101, True])
def test_a_start_date_that_is_no_date_is_refused(awarded, started_on):
    request_id = awarded()
    before = footprint(request_id)
    error = refused(lambda: assignments.start(db.session, world.actor(db.session, WINNER), request_id, started_on))
    assert error.code == "validation_error" and "started_on" in error.extra["fields"]
    assert footprint(request_id) == before


def test_only_the_winner_or_a_consultant_of_the_gemeente_may_start(awarded, clock):
    request_id = awarded()
    day = today(clock).isoformat()
    lelystad = world.actor(db.session, "consulent").gemeente_id
    for actor, code in ((world.actor(db.session, LOSER), "not_found"),
                        (world.actor(db.session, "aanbieder3"), "not_found"),
                        (world.actor(db.session, "consulent_dronten"), "not_found"),
                        (Actor(kind="client", request_id=request_id), "not_found"),
                        (Actor(kind="admin", user_id=None, gemeente_id=lelystad), "not_found")):
        assert refused(lambda actor=actor: assignments.start(db.session, actor, request_id, day)).code == code
    assert assignment(request_id).status == "awarded"


def test_the_provider_may_not_set_the_zrm_baseline(awarded, clock):
    request_id = awarded()
    before = footprint(request_id)
    error = refused(lambda: assignments.start(db.session, world.actor(db.session, WINNER), request_id,
                                              today(clock).isoformat(), {"financien": 2}))
    assert error.code == "validation_error" and set(error.extra["fields"]) == {"zrm"}
    assert footprint(request_id) == before


def test_a_request_not_yet_awarded_has_no_assignment_to_start(published, consultant, clock):
    request_id = published()
    assert refused(lambda: assignments.start(db.session, consultant, request_id,
                                             today(clock).isoformat())).code == "invalid_state"


# --- the client code after award -------------------------------------------------------------

def test_a_client_code_after_award_only_once_the_support_started(awarded, consultant, clock):
    request_id = awarded()
    error = refused(lambda: award.create_client_code(db.session, consultant, request_id))
    assert error.code == "invalid_state" and "begonnen" in error.message
    assignments.start(db.session, consultant, request_id, today(clock).isoformat())
    code, _expires = award.create_client_code(db.session, consultant, request_id)
    assert award.redeem_client_code(db.session, code) == request_id
