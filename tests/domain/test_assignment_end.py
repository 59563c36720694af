"""The end of an assignment, at the domain: not before the start nor ahead of today; support that
never started may end for another reason; switching provider ends it and makes a draft for the
same need with the old provider excluded (it gets 404 on the follow-up, the others may bid)."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction import support_requests
from marketplace.auction.access import get_visible_request
from marketplace.auction.errors import DomainError
from marketplace.clients import client_data
from marketplace.extensions import db
from marketplace.followup import assignments, switching
from marketplace.models import AuditEvent, Notification, Request, RequestExclusion, User
from marketplace.privacy import detection
from tests.support import world
from tests.support.assignment_steps import refused
from tests.support.followup import (
    LOSER,
    WINNER,
    assignment,
    days,
    event,
    footprint,
    later,
    today,
)

pytestmark = pytest.mark.every_backend


def test_an_end_before_the_start_or_ahead_of_today_is_refused_and_changes_nothing(started, consultant, clock):
    request_id = started()
    before = footprint(request_id)
    for day in (later(today(clock), -1), later(today(clock), 1)):
        error = refused(lambda day=day: assignments.end(db.session, consultant, request_id, day.isoformat(), "moved"))
        assert error.code == "validation_error" and "ended_on" in error.extra["fields"]
    assert refused(lambda: assignments.end(db.session, consultant, request_id, today(clock).isoformat(),
                                           "verveeld")).code == "validation_error"
    assert footprint(request_id) == before


def test_a_switch_on_an_assignment_that_has_not_started_is_refused_and_changes_nothing(awarded, consultant, clock):
    request_id = awarded()
    before = footprint(request_id)
    error = refused(lambda: assignments.end(db.session, consultant, request_id, today(clock).isoformat(),
                                            "switch_provider"))
    assert error.code == "invalid_state"
    assert footprint(request_id) == before


def test_support_that_never_started_may_end_for_another_reason_but_not_before_the_award(awarded, consultant, clock):
    request_id = awarded()
    assert refused(lambda: assignments.end(db.session, consultant, request_id, later(today(clock), -1).isoformat(),
                                           "moved")).code == "validation_error"
    assignments.end(db.session, consultant, request_id, today(clock).isoformat(), "moved", "Naar Almere.")
    row = assignment(request_id)
    assert (row.status, row.end_reason, row.end_note, row.follow_up_request_id) == ("ended", "moved", "Naar Almere.",
                                                                                     None)
    assert event(request_id, "assignment_ended").details["end_reason"] == "moved"
    # The winner hears of it in its inbox.
    winner_user = db.session.scalar(sa.select(User).where(User.email == world.email(WINNER)))
    assert db.session.scalar(sa.select(Notification).where(Notification.user_id == winner_user.id,
                                                           Notification.kind == "assignment_ended"))
    before = footprint(request_id)
    assert refused(lambda: assignments.end(db.session, consultant, request_id, today(clock).isoformat(),
                                           "other")).code == "invalid_state"
    assert footprint(request_id) == before


def test_switching_provider_makes_a_draft_for_the_same_need_without_the_old_provider(started, consultant, clock):
    request_id = started(description="Hulp bij de post en een vaste dagindeling.", duration_weeks=26)
    old = db.session.get(Request, request_id)
    started_on = today(clock)
    clock.advance(days(10 * 7 + 1))  # ten weeks and a day: 15 weeks and 6 days left, so 16
    ended = assignments.end(db.session, consultant, request_id, today(clock).isoformat(), "switch_provider",
                            "Cliënt wil een andere begeleider.")
    row = assignment(request_id)
    assert (row.status, row.end_reason, row.ended_on) == ("ended", "switch_provider", today(clock))
    new = db.session.get(Request, ended.follow_up_request_id)
    old = db.session.get(Request, request_id)
    assert new.status == "draft" and new.follows_request_id == old.id and new.published_at is None
    assert (new.gemeente_id, new.category_id, new.region, new.description) == (
        old.gemeente_id, old.category_id, old.region, old.description)
    assert [(a.code, a.complexity) for a in new.result_areas] == [(a.code, a.complexity) for a in old.result_areas]
    assert (new.max_price_cents, new.floor_price_cents, new.visibility) == (
        old.max_price_cents, old.floor_price_cents, old.visibility)
    assert new.duration_weeks == 16 == switching.weeks_left(started_on, 26, today(clock))
    assert new.opens_at == clock.now and new.closes_at - new.opens_at >= timedelta(days=1)
    assert new.start_date > new.closes_at.date()
    assert new.created_by_id == consultant.user_id and new.reference.startswith("LEL-")
    # The client's sealed data came along, and reading it for the copy is in the old record's log.
    assert client_data.read(db.session, consultant, new, "test")["name"] == \
        client_data.read(db.session, consultant, old, "test")["name"]
    reads = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.request_id == request_id,
                                                           AuditEvent.action == "client_data_read")
                               .order_by(AuditEvent.id)).all()
    assert [e.details["reason"] for e in reads] == [switching.FOLLOW_UP_READ_REASON, "test"]
    assert reads[0].actor == consultant.audit_name
    # The old provider is excluded from the new request; the others are not.
    winner = world.actor(db.session, WINNER)
    assert db.session.scalars(sa.select(RequestExclusion.organisation_id)
                              .where(RequestExclusion.request_id == new.id)).all() == [winner.organisation_id]
    assert switching.is_excluded(db.session, winner.organisation_id, new.id)
    assert not switching.is_excluded(db.session, world.actor(db.session, LOSER).organisation_id, new.id)
    assert not switching.is_excluded(db.session, winner.organisation_id, old.id)
    assert event(new.id, "request_created").details["follows_request_id"] == request_id
    assert event(request_id, "assignment_ended").details["follow_up_request_id"] == new.id


def test_the_provider_switched_away_from_gets_404_on_the_follow_up_request(started, consultant, clock):
    request_id = started()
    clock.advance(days(14))
    follow_up = assignments.end(db.session, consultant, request_id, today(clock).isoformat(),
                                "switch_provider").follow_up_request_id
    support_requests.publish(db.session, consultant, follow_up, detection.patterns_only)
    with pytest.raises(DomainError) as error:
        get_visible_request(db.session, world.actor(db.session, WINNER), follow_up)
    assert error.value.code == "not_found"


def test_the_other_providers_may_see_and_bid_on_the_published_follow_up(started, consultant, clock, offer):
    request_id = started()
    clock.advance(days(14))
    follow_up = assignments.end(db.session, consultant, request_id, today(clock).isoformat(),
                                "switch_provider").follow_up_request_id
    assert support_requests.publish(db.session, consultant, follow_up, detection.patterns_only).status == "open"
    assert get_visible_request(db.session, world.actor(db.session, LOSER), follow_up).id == follow_up
    assert offer(follow_up, LOSER, 110000).body["bid"]["price_cents"] == 110000


@pytest.mark.parametrize("started_on, weeks, ended_on, left", [
    (date(2027, 1, 4), 26, date(2027, 3, 15), 16),   # exactly ten weeks in: sixteen left
    (date(2027, 1, 4), 26, date(2027, 3, 16), 16),   # a day later: 15 weeks and 6 days, a part week counts
    (date(2027, 1, 4), 26, date(2027, 6, 28), 1),    # after the original end: still at least one week
    (date(2027, 1, 4), 26, date(2027, 1, 4), 26),    # switched on the first day: the whole duration
])
def test_the_weeks_left_after_a_switch(started_on, weeks, ended_on, left):
    assert switching.weeks_left(started_on, weeks, ended_on) == left


def test_an_unreadable_client_record_refuses_the_switch_and_changes_nothing(started, consultant, clock, monkeypatch):
    request_id = started()
    before = footprint(request_id)

    def unreadable(_token):
        raise client_data.ClientDataUnreadable()
    monkeypatch.setattr(client_data.key_ring(), "unseal", unreadable)
    error = refused(lambda: assignments.end(db.session, consultant, request_id, today(clock).isoformat(),
                                            "switch_provider"))
    assert error.code == "service_unavailable"
    assert footprint(request_id) == before
