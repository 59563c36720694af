"""Reviews of a started assignment, at the domain: one outcome per result area of the request,
ZRM scores of 1-5, only by a consultant of the gemeente, the frequency moving the next review;
the reminder of a due review, once, to its consultant or else every consultant of the gemeente."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.followup import assignments, reminders
from marketplace.models import EmailOutbox, Notification, Request, User
from tests.support import world
from tests.support.assignment_steps import TWO_AREAS, refused, review_body
from tests.support.followup import (
    WINNER,
    assignment,
    days,
    event,
    footprint,
    later,
    today,
)

pytestmark = pytest.mark.every_backend


def test_a_review_records_one_outcome_per_result_area_and_sets_the_next_review(started, consultant, clock):
    request_id = started()
    clock.advance(days(30))
    review = assignments.add_review(db.session, consultant, request_id, **review_body(today(clock)),
                                    zrm={"financien": 3}, note="Gaat goed met de post.")
    row = assignment(request_id)
    assert row.next_review_on == today(clock) + timedelta(weeks=12)
    db.session.refresh(review)
    assert {(r.result_area_code, r.outcome) for r in review.results} == {
        ("administratie_financien", "achieved"), ("dagstructuur", "partly")}
    assert (review.kind, review.zrm, review.note) == ("review", {"financien": 3}, "Gaat goed met de post.")
    assert event(request_id, "assignment_reviewed").details["outcomes"] == {
        "administratie_financien": "achieved", "dagstructuur": "partly"}


def test_a_review_for_a_result_area_the_request_does_not_have_is_refused(started, consultant, clock):
    request_id = started()
    before = footprint(request_id)
    body = review_body(today(clock), werknemersvaardigheden="achieved")
    error = refused(lambda: assignments.add_review(db.session, consultant, request_id, **body))
    assert error.code == "validation_error" and "werknemersvaardigheden" in error.extra["fields"]["results"]
    assert footprint(request_id) == before


def test_a_review_missing_a_result_area_names_it(started, consultant, clock):
    request_id = started()
    before = footprint(request_id)
    body = {"reviewed_on": today(clock).isoformat(),
            "results": [{"code": "administratie_financien", "outcome": "achieved"}]}
    error = refused(lambda: assignments.add_review(db.session, consultant, request_id, **body))
    assert error.code == "validation_error" and set(error.extra["fields"]) == {"results.dagstructuur"}
    assert footprint(request_id) == before


@pytest.mark.parametrize("results, field", [
    (None, "results"), ([], "results"), ("achieved", "results"), ([{"outcome": "achieved"}], "results"),
    ([{"code": "administratie_financien", "outcome": "great"},
      {"code": "dagstructuur", "outcome": "partly"}], "results.administratie_financien"),
    ([{"code": "dagstructuur", "outcome": "partly"}, {"code": "dagstructuur", "outcome": "achieved"}], "results"),
])
def test_review_results_of_the_wrong_shape_are_refused(started, consultant, clock, results, field):
    request_id = started()
    before = footprint(request_id)
    error = refused(lambda: assignments.add_review(db.session, consultant, request_id,
                                                   today(clock).isoformat(), results))
    assert error.code == "validation_error" and field in error.extra["fields"]
    assert footprint(request_id) == before


@pytest.mark.parametrize("zrm, field", [
    ({"financien": 0}, "zrm.financien"), ({"financien": 6}, "zrm.financien"), ({"financien": "3"}, "zrm.financien"),
    ({"financien": 2.5}, "zrm.financien"), ({"financien": True}, "zrm.financien"), ({"geluk": 3}, "zrm"),
    ([3, 4], "zrm"),
])
def test_zrm_scores_outside_1_to_5_or_of_unknown_domains_are_refused(started, consultant, clock, zrm, field):
    request_id = started()
    before = footprint(request_id)
    error = refused(lambda: assignments.add_review(db.session, consultant, request_id,
                                                   **review_body(today(clock)), zrm=zrm))
    assert error.code == "validation_error" and field in error.extra["fields"]
    assert footprint(request_id) == before


def test_a_review_before_the_start_or_of_an_assignment_not_started_is_refused(awarded, consultant, clock):
    request_id = awarded(result_areas=TWO_AREAS)
    before = footprint(request_id)
    assert refused(lambda: assignments.add_review(db.session, consultant, request_id,
                                                  **review_body(today(clock)))).code == "invalid_state"
    assert footprint(request_id) == before
    clock.advance(days(5))
    assignments.start(db.session, consultant, request_id, today(clock).isoformat())
    before = footprint(request_id)
    error = refused(lambda: assignments.add_review(db.session, consultant, request_id,
                                                   **review_body(later(today(clock), -2))))
    assert error.code == "validation_error" and "start" in error.extra["fields"]["reviewed_on"]
    assert footprint(request_id) == before


def test_only_a_consultant_of_the_gemeente_reviews(started, clock):
    request_id = started()
    for who in (WINNER, "consulent_dronten"):
        assert refused(lambda who=who: assignments.add_review(db.session, world.actor(db.session, who), request_id,
                                                      **review_body(today(clock)))).code == "not_found"


def test_the_review_frequency_moves_the_next_review_from_the_last_one(started, consultant, clock):
    request_id = started()
    started_on = today(clock)
    assignments.set_review_frequency(db.session, consultant, request_id, 4)
    assert assignment(request_id).next_review_on == started_on + timedelta(weeks=4)
    clock.advance(days(10))
    assignments.add_review(db.session, consultant, request_id, **review_body(today(clock)))
    assignments.set_review_frequency(db.session, consultant, request_id, 6)
    row = assignment(request_id)
    assert (row.review_every_weeks, row.next_review_on) == (6, today(clock) + timedelta(weeks=6))
    assert event(request_id, "review_frequency_set").details["previous_review_every_weeks"] == 4
    before = footprint(request_id)
    for weeks in (0, 105, "6", None, 2.5):
        assert refused(lambda weeks=weeks: assignments.set_review_frequency(db.session, consultant, request_id,
                                                                            weeks)).code == "validation_error"
    assert footprint(request_id) == before


# --- review reminders ------------------------------------------------------------------------

def test_a_due_review_is_reminded_once_in_the_inbox_and_by_email(started, consultant, clock):
    request_id = started()
    due = assignment(request_id).next_review_on
    assert reminders.remind_due_reviews(db.session, due - timedelta(days=1)) == []
    assert reminders.remind_due_reviews(db.session, due) == [request_id]
    assert reminders.remind_due_reviews(db.session, due) == []
    assert reminders.remind_due_reviews(db.session, due + timedelta(days=3)) == []
    notes = db.session.scalars(sa.select(Notification).where(Notification.kind == "review_due")).all()
    assert [n.user_id for n in notes] == [consultant.user_id]
    assert notes[0].link == f"/consulent/aanvragen/{request_id}/toewijzing"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmailOutbox)
                             .where(EmailOutbox.notification_id == notes[0].id)) == 1
    assert event(request_id, "review_reminder_sent").details["due_on"] == due.isoformat()
    # After the review, the next due date is reminded in its turn.
    clock.advance(days(84))
    assignments.add_review(db.session, consultant, request_id, **review_body(today(clock)))
    next_due = assignment(request_id).next_review_on
    assert reminders.remind_due_reviews(db.session, next_due) == [request_id]


def test_without_its_consultant_every_consultant_of_the_gemeente_is_reminded(started, clock):
    request_id = started()
    creator = db.session.get(User, db.session.get(Request, request_id).created_by_id)
    colleague = User(email="collega@lelystad.example", name="Collega", password_hash="x", role="consultant",
                     gemeente_id=creator.gemeente_id)
    creator.active = False
    db.session.add(colleague)
    db.session.commit()
    assert reminders.remind_due_reviews(db.session, assignment(request_id).next_review_on) == [request_id]
    assert db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == "review_due")).all() == [
        colleague.id]


def test_an_ended_assignment_is_not_reminded(started, consultant, clock):
    request_id = started()
    due = assignment(request_id).next_review_on
    assignments.end(db.session, consultant, request_id, today(clock).isoformat(), "result_achieved")
    assert reminders.remind_due_reviews(db.session, due) == []
