"""Issue 17's fairness points, each as a provider, consultant or client would notice it: what a
provider learns through every channel stays within its request's visibility mode (1); a
withdrawal is final for its window and a late one extends it (2); idempotency keys are scoped to
the request (3); an ineligible caller is refused before anything is locked, and bids are limited
per account (4); a suspended provider's offer is marked, cannot be chosen or awarded, and may be
withdrawn (5); a new client code revokes the tokens redeemed from the old one (6)."""
import os
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction import rate_limits, transactions
from marketplace.auction.actors import actor_for_user
from marketplace.auction.changes import StandingsChanged, WindowScheduled
from marketplace.auction.standings import provider_disclosure
from marketplace.extensions import db, socketio
from marketplace.models import Approval, AuditEvent, EmailOutbox, Notification, User
from marketplace.providers.onboarding import decide
from marketplace.realtime import bid_turns
from tests.support import world
from tests.support.services import TEST_REDIS_URL
from tests.support.steps import close, logged_in, login, standings, statements_run

pytestmark = pytest.mark.every_backend

NS = "/auction"


def withdraw(api, request_id, who):
    return api.delete(f"/api/v1/requests/{request_id}/bids/mine", as_=who)


def messages_to(app, who):
    """Every inbox entry and queued e-mail for this provider's users, as one text each."""
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == world.email(who)))
        notes = db.session.scalars(sa.select(Notification).where(Notification.user_id == user_id)).all()
        mails = db.session.scalars(sa.select(EmailOutbox).where(
            EmailOutbox.notification_id.in_([n.id for n in notes]))).all()
        return ([(n.kind, f"{n.subject}\n{n.body}") for n in notes],
                [f"{m.subject}\n{m.body}" for m in mails])


def suspend(app, who):
    with app.app_context():
        consultant = db.session.scalar(sa.select(User).where(User.email == world.email("consulent")))
        org_id = db.session.scalar(sa.select(User.organisation_id).where(User.email == world.email(who)))
        for approval in db.session.scalars(sa.select(Approval).where(Approval.organisation_id == org_id,
                                                                     Approval.status == "approved")).all():
            decide(db.session, actor_for_user(consultant), approval.id, "suspended", "VOG verlopen")


@contextmanager
def changes_published():
    seen = []
    transactions.subscribe(seen.append)
    try:
        yield seen
    finally:
        transactions._subscribers.remove(seen.append)


# 1. Visibility -------------------------------------------------------------------------------

def test_the_visibility_rule_is_one_function():
    assert (provider_disclosure("open").rank, provider_disclosure("open").prices) == (True, True)
    assert (provider_disclosure("rank_only").rank, provider_disclosure("rank_only").prices) == (True, False)
    assert (provider_disclosure("sealed").rank, provider_disclosure("sealed").prices) == (False, False)
    assert provider_disclosure("unknown") == provider_disclosure("sealed")


def test_in_a_sealed_auction_the_outbid_leader_hears_nothing(app, open_request, bid):
    request_id = open_request(visibility="sealed")
    assert bid(request_id, "aanbieder2", 120000).status_code == 201
    ack = bid(request_id, "aanbieder1", 88800)
    assert ack.status_code == 201
    notes, mails = messages_to(app, "aanbieder2")
    assert [kind for kind, _text in notes if kind == "outbid"] == []
    assert not any("888" in text for text in [t for _k, t in notes] + mails)
    assert set(ack.get_json()["standings"]) >= {"my_price_cents"}
    assert not {"my_rank", "best_price_cents", "ladder"} & set(ack.get_json()["standings"])


def test_in_rank_only_the_leader_hears_its_rank_changed_but_never_a_price(app, open_request, bid):
    request_id = open_request(visibility="rank_only")
    bid(request_id, "aanbieder2", 120000)
    bid(request_id, "aanbieder1", 88800)
    notes, mails = messages_to(app, "aanbieder2")
    outbid = [text for kind, text in notes if kind == "outbid"]
    assert len(outbid) == 1 and "plaats" in outbid[0]
    for text in outbid + mails:
        assert "€" not in text and "888" not in text and "Zorg Een" not in text


def test_in_an_open_auction_the_notice_names_the_price_never_the_rival(app, open_request, bid):
    request_id = open_request(visibility="open")
    bid(request_id, "aanbieder2", 120000)
    bid(request_id, "aanbieder1", 88800)
    notes, mails = messages_to(app, "aanbieder2")
    outbid = [text for kind, text in notes if kind == "outbid"]
    assert len(outbid) == 1 and "€ 888,00" in outbid[0]
    assert any("€ 888,00" in mail for mail in mails)
    assert not any("Zorg Een" in text for text in outbid + mails)


@pytest.mark.parametrize("visibility", ["rank_only", "sealed"])
def test_a_providers_page_shows_no_other_price(client, app, open_request, bid, visibility):
    request_id = open_request(visibility=visibility)
    bid(request_id, "aanbieder2", 88800)
    bid(request_id, "aanbieder1", 120000)
    login(client, "aanbieder1")
    page = client.get(f"/aanbieder/aanvragen/{request_id}").get_data(as_text=True)
    # The price as shown (€ 888,00) or in cents; a bare "888" may be part of a timestamp.
    assert "888,00" not in page and "88800" not in page and "Zorg Twee" not in page


# 2. Withdrawal ---------------------------------------------------------------------------------

def test_withdraw_and_rebid_cannot_probe_a_rivals_price_in_rank_only(api, open_request, bid):
    request_id = open_request(visibility="rank_only")
    bid(request_id, "aanbieder2", 100000)
    bid(request_id, "aanbieder1", 120000)
    assert withdraw(api, request_id, "aanbieder1").status_code == 200
    probe = bid(request_id, "aanbieder1", 100500)
    assert probe.status_code == 409
    assert probe.get_json()["error"]["code"] == "offer_withdrawn"
    assert standings(api, request_id, "aanbieder1")["my_rank"] is None


def test_pulling_the_best_offer_at_the_last_moment_extends_the_window_and_is_broadcast(app, api, clock,
                                                                                      open_request, bid):
    request_id = open_request(soft_close_seconds=120, max_extension_seconds=300)
    bid(request_id, "aanbieder1", 80000)  # the low "shield"
    bid(request_id, "aanbieder2", 120000)
    original = standings(api, request_id, "consulent")["closes_at"]
    clock.advance(30 * 60 - 5)  # five seconds left
    with changes_published() as seen:
        resp = withdraw(api, request_id, "aanbieder1")
    assert resp.status_code == 200
    view = standings(api, request_id, "aanbieder2")
    assert view["extended"] is True
    assert view["closes_at"] == (clock.now + timedelta(seconds=120)).isoformat() > original
    assert view["my_rank"] == 1
    assert any(isinstance(c, StandingsChanged) and c.snapshot.closes_at == view["closes_at"] for c in seen)
    assert any(isinstance(c, WindowScheduled) and c.closes_at.isoformat() == view["closes_at"] for c in seen)
    with app.app_context():
        extended = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "window_extended")).all()
        assert [e.details["closes_at"] for e in extended] == [view["closes_at"]]
        assert extended[0].details["withdrawn_bid_id"]


def test_a_late_withdrawal_extends_no_further_than_the_cap(api, clock, open_request, bid):
    request_id = open_request(soft_close_seconds=120, max_extension_seconds=60)
    bid(request_id, "aanbieder1", 80000)
    bid(request_id, "aanbieder2", 120000)
    original = datetime.fromisoformat(standings(api, request_id, "consulent")["original_closes_at"])
    clock.advance(30 * 60 - 5)
    withdraw(api, request_id, "aanbieder1")
    assert datetime.fromisoformat(standings(api, request_id, "consulent")["closes_at"]) == \
        original + timedelta(seconds=60)


def test_a_late_withdrawal_that_leaves_the_best_price_does_not_extend(api, clock, open_request, bid):
    request_id = open_request(soft_close_seconds=120)
    bid(request_id, "aanbieder1", 80000)
    bid(request_id, "aanbieder2", 120000)
    clock.advance(30 * 60 - 5)
    withdraw(api, request_id, "aanbieder2")
    assert standings(api, request_id, "consulent")["extended"] is False


def test_withdrawals_show_in_the_consultants_live_view(client, api, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    bid(request_id, "aanbieder2", 110000)
    withdraw(api, request_id, "aanbieder1")
    view = standings(api, request_id, "consulent")
    assert [o["provider"]["name"] for o in view["offers"]] == ["Zorg Twee"]
    assert [(o["provider"]["name"], o["price_cents"]) for o in view["withdrawn"]] == [("Zorg Een", 100000)]
    login(client)
    page = client.get(f"/consulent/aanvragen/{request_id}").get_data(as_text=True)
    row = page[page.index('class="offer-withdrawn"'):]
    assert "ingetrokken" in row[:200] and "Zorg Een" in row[:400]


# 3. Idempotency keys per request -------------------------------------------------------------

def test_the_same_idempotency_key_on_two_requests_places_two_bids(api, open_request, bid):
    first, second = open_request(), open_request()
    a = bid(first, "aanbieder1", 120000, idempotency_key="order-1")
    b = bid(second, "aanbieder1", 110000, idempotency_key="order-1")
    assert a.status_code == b.status_code == 201
    assert b.get_json()["bid"]["request_id"] == second
    assert standings(api, second, "aanbieder1")["my_price_cents"] == 110000
    again = bid(second, "aanbieder1", 100000, idempotency_key="order-1")
    assert again.get_json() == b.get_json()  # still a replay within one request


# 4. Nothing locked for a caller that may not bid; a limit per account ------------------------

@pytest.mark.parametrize("who", ["aanbieder5", "consulent"])
def test_a_caller_that_may_not_bid_is_refused_before_the_lock(app, api, open_request, bid, who):
    request_id = open_request()
    standings(api, request_id, "consulent")  # everyone signed in before counting
    api.token(who)
    with statements_run(app) as executed:
        resp = bid(request_id, who, 100000)
        resp_withdraw = withdraw(api, request_id, who)
    assert resp.status_code in (403, 404) and resp_withdraw.status_code in (403, 404)
    locks = [s for s in executed if "IMMEDIATE" in s.upper() or "FOR UPDATE" in s.upper()]
    assert locks == []


def test_an_ineligible_socket_bid_never_takes_the_bid_turn(app, api, open_request, monkeypatch):
    request_id = open_request()
    turns = []

    @contextmanager
    def recorded_turn():
        turns.append(1)
        yield

    monkeypatch.setattr(bid_turns, "bid_turn", recorded_turn)
    sock = socketio.test_client(app, namespace=NS, auth={"token": api.token("aanbieder5")})
    try:
        ack = sock.emit("bid", {"request_id": request_id, "price_cents": 100000, "start_date": "2027-02-01",
                                "approach": "Plan", "idempotency_key": "k"}, namespace=NS, callback=True)
    finally:
        sock.disconnect(NS)
    assert ack["ok"] is False and ack["error"]["code"] == "not_found"
    assert turns == []


@pytest.fixture
def small_bid_limit():
    """Three calls a minute: the limit itself, which the test config sets generously, over a
    window no busy machine outruns. On Redis (TEST_REDIS_URL) with a prefix of its own, as all
    web processes would count."""
    rate_limits.configure(None, 1000, 3, burst_seconds=60)
    if TEST_REDIS_URL:
        from limits.storage import RedisStorage
        storage = RedisStorage(TEST_REDIS_URL, key_prefix=f"test-{uuid.uuid4().hex}")
        rate_limits._limiter = rate_limits.MovingWindowRateLimiter(storage)
    yield
    rate_limits.configure(None, 1000, 2000)


def test_bids_and_withdrawals_are_limited_per_account(api, app, open_request, bid, small_bid_limit):
    request_id = open_request()
    assert [bid(request_id, "aanbieder1", price).status_code for price in (120000, 119000)] == [201, 201]
    assert withdraw(api, request_id, "aanbieder1").status_code == 200
    refused = bid(request_id, "aanbieder1", 100000)
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "rate_limited" and 1 <= error["retry_after"] <= 60
    assert withdraw(api, request_id, "aanbieder1").get_json()["error"]["code"] == "rate_limited"
    assert bid(request_id, "aanbieder2", 110000).status_code == 201  # another account's own budget
    sock = socketio.test_client(app, namespace=NS, auth={"token": api.token("aanbieder1")})
    try:
        ack = sock.emit("bid", {"request_id": request_id, "price_cents": 100000, "start_date": "2027-02-01",
                                "approach": "Plan", "idempotency_key": "k"}, namespace=NS, callback=True)
    finally:
        sock.disconnect(NS)
    assert ack["ok"] is False and ack["error"]["code"] == "rate_limited" and ack["error"]["retry_after"] >= 1


def test_the_limit_is_read_from_the_configuration():
    from config import Config
    assert (Config.BID_RATE_PER_SECOND, Config.BID_RATE_BURST) == (
        int(os.environ.get("BID_RATE_PER_SECOND", "5")), int(os.environ.get("BID_RATE_BURST", "10")))


# 5. A suspended provider's offer -------------------------------------------------------------

def test_a_suspended_providers_offer_is_marked_out_of_the_ranking_and_withdrawable(app, api, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 90000)
    bid(request_id, "aanbieder2", 100000)
    suspend(app, "aanbieder1")
    offers = standings(api, request_id, "consulent")["offers"]
    assert [(o["provider"]["name"], o["rank"], o["suspended"]) for o in offers] == [
        ("Zorg Twee", 1, False), ("Zorg Een", None, True)]
    other = standings(api, request_id, "aanbieder2")
    assert other["my_rank"] == 1 and other["best_price_cents"] == 100000 and other["bidder_count"] == 1
    assert bid(request_id, "aanbieder1", 80000).status_code == 404  # no new price from a suspended provider
    assert withdraw(api, request_id, "aanbieder1").status_code == 200


def test_a_suspension_reaches_the_live_views_at_once(app, api, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 90000)
    bid(request_id, "aanbieder2", 100000)
    with changes_published() as seen:
        suspend(app, "aanbieder1")
    views = [c.snapshot for c in seen if isinstance(c, StandingsChanged) and c.snapshot.request_id == request_id]
    assert len(views) == 1 and views[0].seq == standings(api, request_id, "consulent")["seq"]
    assert [(o.organisation_name, o.rank, o.suspended) for o in views[0].offers if o.status == "active"] == [
        ("Zorg Twee", 1, False), ("Zorg Een", None, True)]


def test_a_suspended_providers_offer_cannot_be_chosen_or_awarded(app, api, clock, open_request, bid):
    request_id = open_request()
    ids = {who: bid(request_id, who, price).get_json()["bid"]["id"]
           for who, price in (("aanbieder1", 90000), ("aanbieder2", 100000))}
    assert close(app, clock, request_id).result == "done"
    chosen = api.post(f"/api/v1/requests/{request_id}/choice",
                      {"bid_id": ids["aanbieder1"], "on_behalf_of_client": True}, as_="consulent")
    assert chosen.status_code == 200
    suspend(app, "aanbieder1")
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]
    assert {o["bid_id"]: o["suspended"] for o in offers} == {ids["aanbieder2"]: False, ids["aanbieder1"]: True}
    award = api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": ids["aanbieder1"], "motivation": "x"},
                     as_="consulent")
    assert award.status_code == 409 and award.get_json()["error"]["code"] == "invalid_state"
    again = api.post(f"/api/v1/requests/{request_id}/choice",
                     {"bid_id": ids["aanbieder1"], "on_behalf_of_client": True}, as_="consulent")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invalid_state"
    # The other offer is now the lowest that can be awarded: no motivation needed.
    api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": ids["aanbieder2"], "on_behalf_of_client": True},
             as_="consulent")
    assert api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": ids["aanbieder2"]},
                    as_="consulent").status_code == 200


def test_the_client_and_consultant_pages_mark_a_suspended_offer(app, api, client, clock, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 90000)
    bid(request_id, "aanbieder2", 100000)
    close(app, clock, request_id)
    suspend(app, "aanbieder1")
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    client.post("/client/", data={"code": code})
    page = client.get("/client/aanbiedingen").get_data(as_text=True)
    assert "geschorst" in page
    assert page.count('name="bid_id"') == 1  # only the other offer can be chosen
    consultant = logged_in(app)
    page = consultant.get(f"/consulent/aanvragen/{request_id}").get_data(as_text=True)
    assert 'class="offer-suspended"' in page


# 6. A new client code revokes the old tokens -------------------------------------------------

def test_a_new_client_code_revokes_tokens_redeemed_from_the_old_one(api, clock, open_request, bid, app):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    close(app, clock, request_id)
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    token = api.post("/api/v1/tokens", {"client_code": code}).get_json()["token"]
    api.use_token("client", token)
    assert api.get(f"/api/v1/requests/{request_id}/offers", as_="client").status_code == 200
    assert api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").status_code == 201
    assert api.get(f"/api/v1/requests/{request_id}/offers", as_="client").status_code == 401
