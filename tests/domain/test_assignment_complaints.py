"""Complaints about an assignment, at the domain: numbered per assignment, resolved once, of the
right shape and not received before the award; each refusal changes nothing."""
import pytest

from marketplace.extensions import db
from marketplace.followup import complaints
from tests.support.assignment_steps import refused
from tests.support.followup import (
    actions,
    days,
    footprint,
    later,
    today,
)

pytestmark = pytest.mark.every_backend


def test_complaints_are_numbered_per_assignment_and_resolved_once(started, consultant, clock):
    request_id = started()
    first = complaints.register(db.session, consultant, request_id, today(clock).isoformat(), "provider",
                                "Begeleider kwam twee keer niet.")
    second = complaints.register(db.session, consultant, request_id, today(clock).isoformat(), "gemeente",
                                 "Lang moeten wachten op de beschikking.")
    assert (first.number, second.number) == (1, 2)
    clock.advance(days(2))
    complaints.resolve(db.session, consultant, request_id, 1, today(clock).isoformat(), "Vaste vervanger afgesproken.")
    assert actions(request_id)[-3:] == ["complaint_registered", "complaint_registered", "complaint_resolved"]
    before = footprint(request_id)
    assert refused(lambda: complaints.resolve(db.session, consultant, request_id, 1, today(clock).isoformat(),
                                              "Nogmaals.")).code == "invalid_state"
    assert refused(lambda: complaints.resolve(db.session, consultant, request_id, 3, today(clock).isoformat(),
                                              "Bestaat niet.")).code == "not_found"
    error = refused(lambda: complaints.resolve(db.session, consultant, request_id, 2,
                                               later(today(clock), -3).isoformat(), "Te vroeg."))
    assert error.code == "validation_error" and "ontvangst" in error.extra["fields"]["resolved_on"]
    assert footprint(request_id) == before


@pytest.mark.parametrize("body, field", [
    ({"about": "buurman", "summary": "Klacht."}, "about"),
    ({"about": "provider", "summary": "  "}, "summary"),
    ({"about": "provider", "summary": "x" * 4001}, "summary"),
    ({"about": "provider", "summary": "Klacht.", "received_on": "2026-02-30"}, "received_on"),
])
def test_a_complaint_of_the_wrong_shape_is_refused(started, consultant, clock, body, field):
    request_id = started()
    before = footprint(request_id)
    body = {"received_on": today(clock).isoformat(), **body}
    error = refused(lambda: complaints.register(db.session, consultant, request_id, body["received_on"],
                                                body["about"], body["summary"]))
    assert error.code == "validation_error" and field in error.extra["fields"]
    assert footprint(request_id) == before


def test_a_complaint_received_before_the_award_is_refused(started, consultant, clock):
    request_id = started()
    error = refused(lambda: complaints.register(db.session, consultant, request_id,
                                                later(today(clock), -1).isoformat(), "provider", "Klacht."))
    assert error.code == "validation_error" and "gunning" in error.extra["fields"]["received_on"]
