"""The inbox and the e-mail outbox: who hears what, when, and never client data."""
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import EmailOutbox, Notification, User
from tests.support import world
from tests.support.steps import close, login


def inbox(app, who):
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == world.email(who)))
        return [(n.kind, n.subject) for n in db.session.scalars(
            sa.select(Notification).where(Notification.user_id == user_id).order_by(Notification.id))]


def test_publishing_tells_eligible_providers_only(app, open_request):
    open_request()
    assert [k for k, _ in inbox(app, "aanbieder1")] == ["new_request"]
    assert inbox(app, "aanbieder5") == []


def test_losing_first_place_is_an_outbid_message(app, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 120000)
    bid(request_id, "aanbieder2", 110000)
    kinds = [k for k, _ in inbox(app, "aanbieder1")]
    assert kinds.count("outbid") == 1
    assert "outbid" not in [k for k, _ in inbox(app, "aanbieder2")]


def test_close_and_award_outcome_reach_bidders_and_the_consultant(app, api, clock, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 120000)
    bid(request_id, "aanbieder2", 110000)
    close(app, clock, request_id)
    assert "closed" in [k for k, _ in inbox(app, "consulent")]
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]
    cheapest = offers[0]["bid_id"]
    api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": cheapest, "on_behalf_of_client": True},
             as_="consulent")
    api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": cheapest}, as_="consulent")
    assert [k for k, _ in inbox(app, "aanbieder2")][-1] == "awarded"
    assert [k for k, _ in inbox(app, "aanbieder1")][-1] == "not_chosen"


def test_every_notification_is_queued_as_an_email_without_client_data(app, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 120000)
    with app.app_context():
        mails = db.session.scalars(sa.select(EmailOutbox)).all()
        notes = db.session.scalar(sa.select(sa.func.count()).select_from(Notification))
        assert len(mails) == notes > 0
        assert all(m.sent_at is None for m in mails)
        assert {m.to_address for m in mails} >= {world.email("aanbieder1")}
        assert not any("Truus" in m.body or "111222333" in m.body for m in mails)


def test_the_inbox_page_lists_and_marks_read(app, client, open_request):
    open_request()
    login(client, "aanbieder1")
    page = client.get("/inbox").get_data(as_text=True)
    assert "Nieuwe aanvraag" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
            Notification.read_at.is_(None), Notification.kind == "new_request",
            Notification.user_id == db.session.scalar(sa.select(User.id).where(
                User.email == world.email("aanbieder1"))))) == 0
