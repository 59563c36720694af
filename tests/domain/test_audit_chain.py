"""The audit trail is tamper-evident: every event is chained to the one before it in its chain
(one per request, one for events without a request); `flask audit verify` and the consultant's
log view find an edited, removed or inserted event."""
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from config import TestConfig
from marketplace import create_app
from marketplace.auction import audit_chain
from marketplace.extensions import db
from marketplace.models import AuditEvent, Request
from tests.support.steps import close, login

pytestmark = pytest.mark.every_backend


def a_busy_request(app, clock, open_request, bid, api):
    """A request with bids, a revision, a soft-close extension, a withdrawal and the close."""
    request_id = open_request(soft_close_seconds=120)
    bid(request_id, "aanbieder1", 140000)
    bid(request_id, "aanbieder2", 130000)
    bid(request_id, "aanbieder1", 120000)
    clock.advance(29 * 60)  # inside the last two minutes: the next improving bid extends
    bid(request_id, "aanbieder3", 110000)
    assert api.delete(f"/api/v1/requests/{request_id}/bids/mine", as_="aanbieder2").status_code == 200
    assert close(app, clock, request_id).result == "done"
    return request_id


def events_of(app, request_id):
    with app.app_context():
        return list(db.session.execute(sa.select(AuditEvent.id, AuditEvent.action)
                                       .where(AuditEvent.request_id == request_id).order_by(AuditEvent.id)))


def verify(runner):
    return runner.invoke(args=["audit", "verify"])


def test_every_chain_verifies_after_a_whole_auction(app, runner, clock, open_request, bid, api, backend):
    request_id = a_busy_request(app, clock, open_request, bid, api)
    actions = [action for _id, action in events_of(app, request_id)]
    assert {"request_created", "request_published", "bid_placed", "bid_revised", "window_extended",
            "bid_withdrawn", "window_closed"} <= set(actions)
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert "Every audit chain verifies" in result.output


def test_an_edited_event_is_named(app, runner, clock, open_request, bid, api, backend):
    request_id = a_busy_request(app, clock, open_request, bid, api)
    events = events_of(app, request_id)
    edited = next(id_ for id_, action in events if action == "bid_revised")
    with app.app_context():
        row = db.session.get(AuditEvent, edited)
        row.details = {**row.details, "price_cents": 99000}  # someone makes a bid look lower
        db.session.commit()
    result = verify(runner)
    assert result.exit_code != 0
    assert f"request {request_id}: event {edited}: content does not match its hash" in result.output


def test_a_removed_event_and_a_removed_newest_event_are_found(app, clock, open_request, bid, api, backend):
    request_id = a_busy_request(app, clock, open_request, bid, api)
    events = events_of(app, request_id)
    withdrawn = next(id_ for id_, action in events if action == "bid_withdrawn")
    with app.app_context():
        db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id == withdrawn))
        db.session.commit()
        found = audit_chain.verify_request(db.session, request_id)
    assert found is not None and found.event_id == next(id_ for id_, _a in events if id_ > withdrawn)

    other = a_busy_request(app, clock, open_request, bid, api)
    newest = events_of(app, other)[-1][0]
    with app.app_context():
        db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id == newest))
        db.session.commit()
        found = audit_chain.verify_request(db.session, other)
    assert found is not None and found.event_id is None  # the head no longer matches


def test_events_without_a_request_have_a_chain_too(app, runner, backend):
    result = runner.invoke(args=["client-data", "retention", "Lelystad", "36"])
    assert result.exit_code == 0, result.output
    assert verify(runner).exit_code == 0
    with app.app_context():
        row = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "retention_changed"))
        row.details = {**row.details, "months": 240}
        db.session.commit()
        row_id = row.id
    result = verify(runner)
    assert result.exit_code != 0 and f"global: event {row_id}" in result.output


def test_the_consultants_log_shows_whether_its_chain_holds(app, client, clock, open_request, bid, api):
    request_id = a_busy_request(app, clock, open_request, bid, api)
    login(client)
    page = client.get(f"/consulent/aanvragen/{request_id}").get_data(as_text=True)
    assert "De keten van dit logboek is gecontroleerd" in page
    with app.app_context():
        first = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.request_id == request_id)
                                  .order_by(AuditEvent.id))
        first.actor = "user:999"
        db.session.commit()
        first_id = first.id
    page = client.get(f"/consulent/aanvragen/{request_id}").get_data(as_text=True)
    assert "Het logboek is aangetast." in page and f"Gebeurtenis {first_id} klopt niet" in page


def test_the_migration_chains_the_events_that_were_already_there(tmp_path):
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}"))
    with app.app_context():
        upgrade(directory="migrations")
        app.test_cli_runner().invoke(args=["demo-data"])
        before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        assert before > 0
        db.session.remove()
        downgrade(directory="migrations", revision="b1e7a5c0de17")  # back to before the chains
        upgrade(directory="migrations")
        assert audit_chain.verify_all(db.session) == []
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.hash.is_(None))) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Request)
                                 .where(Request.audit_head.is_(None))) == 0
