"""Socket.IO on /auction: two providers and a consultant in one room each see exactly their
own view, seq counts every change, names never leak, and refusals come back as acks."""
import json
import uuid

import pytest

from marketplace.auction import lifecycle
from marketplace.extensions import db, socketio

pytestmark = pytest.mark.every_backend

NS = "/auction"


@pytest.fixture
def connect(app, api):
    clients = []

    def make(who):
        client = socketio.test_client(app, namespace=NS, auth={"token": api.token(who)})
        assert client.is_connected(NS)
        clients.append(client)
        return client
    yield make
    for client in clients:
        if client.is_connected(NS):
            client.disconnect(NS)


def join(client, request_id):
    return client.emit("join", {"request_id": request_id}, namespace=NS, callback=True)


def socket_bid(client, request_id, price, **extra):
    payload = {"request_id": request_id, "price_cents": price, "start_date": "2027-02-01",
               "approach": "Plan", "idempotency_key": str(uuid.uuid4()), **extra}
    return client.emit("bid", payload, namespace=NS, callback=True)


def standings_received(client):
    return [m["args"][0] for m in client.get_received(NS) if m["name"] == "standings"]


def test_no_or_bad_token_is_refused(app):
    assert not socketio.test_client(app, namespace=NS).is_connected(NS)
    assert not socketio.test_client(app, namespace=NS, auth={"token": "nonsense"}).is_connected(NS)


def test_join_returns_the_full_current_standings(connect, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder2", 110000)
    ack = join(connect("aanbieder1"), request_id)
    assert ack["ok"] is True
    assert ack["standings"]["bidder_count"] == 1
    assert ack["standings"]["ladder"][0]["label"] == "A"


def test_join_of_a_request_one_may_not_see_is_not_found(connect, open_request):
    request_id = open_request()
    ack = join(connect("aanbieder5"), request_id)
    assert ack == {"ok": False, "error": ack["error"]}
    assert ack["error"]["code"] == "not_found"
    assert join(connect("aanbieder1"), "1")["error"]["code"] == "validation_error"


def test_each_caller_gets_its_own_view_after_a_bid(connect, open_request):
    request_id = open_request()
    p1, p2, consultant = connect("aanbieder1"), connect("aanbieder2"), connect("consulent")
    for c in (p1, p2, consultant):
        join(c, request_id)
        c.get_received(NS)
    ack = socket_bid(p1, request_id, 120000)
    assert ack["ok"] is True and ack["bid"]["price_cents"] == 120000
    socket_bid(p2, request_id, 115000)

    p1_views, p2_views, c_views = (standings_received(c) for c in (p1, p2, consultant))
    assert [v["my_price_cents"] for v in p1_views] == [120000, 120000]
    assert [v["my_rank"] for v in p1_views] == [1, 2]
    assert [v["my_price_cents"] for v in p2_views] == [None, 115000]
    assert [[o["provider"]["name"] for o in v["offers"]] for v in c_views] == [
        ["Zorg Een"], ["Zorg Twee", "Zorg Een"]]
    assert p2_views[-1]["ladder"] == [{"label": "B", "price_cents": 115000, "rank": 1, "mine": True},
                                      {"label": "A", "price_cents": 120000, "rank": 2, "mine": False}]


def test_seq_increases_by_one_per_change(connect, open_request):
    request_id = open_request()
    p1, p2 = connect("aanbieder1"), connect("aanbieder2")
    start = join(p2, request_id)["standings"]["seq"]
    join(p1, request_id)
    p2.get_received(NS)
    for price in (120000, 119000, 118000):
        socket_bid(p1, request_id, price)
    assert [v["seq"] for v in standings_received(p2)] == [start + 1, start + 2, start + 3]


def test_no_provider_ever_receives_another_providers_name_or_id(connect, open_request, app):
    request_id = open_request()
    clients = {who: connect(who) for who in ("aanbieder1", "aanbieder2", "aanbieder3")}
    for c in clients.values():
        join(c, request_id)
    price = 130000
    for _ in range(3):
        for c in clients.values():
            price -= 1000
            socket_bid(c, request_id, price)
    from marketplace.models import Organisation
    with app.app_context():
        orgs = {o.name: o.id for o in db.session.query(Organisation).all()}
    own = {"aanbieder1": "Zorg Een", "aanbieder2": "Zorg Twee", "aanbieder3": "Zorg Drie"}
    for who, c in clients.items():
        payload = json.dumps(c.get_received(NS))
        for name in orgs:
            if name != own[who]:
                assert name not in payload
        assert '"organisation_id"' not in payload and '"provider"' not in payload


def test_refusals_come_back_as_acks_with_the_contract_code(connect, open_request):
    request_id = open_request()
    p1 = connect("aanbieder1")
    join(p1, request_id)
    assert socket_bid(p1, request_id, 999999999)["error"]["code"] in ("price_above_maximum", "validation_error")
    assert socket_bid(p1, request_id, "veel")["error"]["code"] == "validation_error"
    socket_bid(p1, request_id, 120000)
    refused = socket_bid(p1, request_id, 119950)
    assert refused["ok"] is False and refused["error"]["code"] == "price_not_lower"
    assert socket_bid(p1, "x", 100000)["error"]["code"] == "validation_error"


def test_a_replayed_socket_bid_is_answered_once(connect, open_request):
    request_id = open_request()
    p1 = connect("aanbieder1")
    join(p1, request_id)
    first = socket_bid(p1, request_id, 120000, idempotency_key="k-1")
    p1.get_received(NS)
    again = socket_bid(p1, request_id, 100000, idempotency_key="k-1")
    assert again == first
    assert standings_received(p1) == []  # nothing changed, nothing broadcast


def test_soft_close_extension_is_broadcast(connect, open_request, clock):
    request_id = open_request(soft_close_seconds=120)
    p1, p2 = connect("aanbieder1"), connect("aanbieder2")
    join(p1, request_id)
    join(p2, request_id)
    clock.advance(30 * 60 - 30)
    p2.get_received(NS)
    socket_bid(p1, request_id, 100000)
    view = standings_received(p2)[-1]
    assert view["extended"] is True
    assert view["closes_at"] != view["original_closes_at"]


def _bid_on_and_watching_past_its_window(connect, open_request, clock):
    """aanbieder1's socket, which bid on a request and watches it, an hour later (the window
    has run out but was not closed yet)."""
    request_id = open_request()
    p1 = connect("aanbieder1")
    join(p1, request_id)
    socket_bid(p1, request_id, 100000)
    p1.get_received(NS)
    clock.advance(3600)
    return request_id, p1


def test_close_sends_final_standings_and_closed(app, connect, open_request, clock):
    request_id, p1 = _bid_on_and_watching_past_its_window(connect, open_request, clock)
    with app.app_context():
        lifecycle.close_window(db.session, request_id)
    received = p1.get_received(NS)
    names = [m["name"] for m in received]
    assert "standings" in names and "closed" in names
    closed = next(m["args"][0] for m in received if m["name"] == "closed")
    assert closed["status"] == "closed" and closed["request_id"] == request_id
    assert socket_bid(p1, request_id, 90000)["error"]["code"] == "window_closed"


def test_rejoin_after_reconnect_gives_the_full_state(app, api, connect, open_request, bid):
    request_id = open_request()
    p1 = connect("aanbieder1")
    join(p1, request_id)
    p1.disconnect(NS)
    bid(request_id, "aanbieder2", 110000)
    bid(request_id, "aanbieder1", 105000)
    again = connect("aanbieder1")
    view = join(again, request_id)["standings"]
    assert view["my_price_cents"] == 105000 and view["bidder_count"] == 2


def test_rest_bids_reach_socket_watchers(connect, open_request, bid):
    request_id = open_request()
    consultant = connect("consulent")
    join(consultant, request_id)
    bid(request_id, "aanbieder3", 100000)
    assert standings_received(consultant)[-1]["offers"][0]["provider"]["name"] == "Zorg Drie"


def test_a_state_older_than_what_was_delivered_is_never_sent(app, connect, open_request):
    """Two commits publish after their locks are released, so their snapshots can cross."""
    from marketplace.auction.bidding import current_snapshot
    from marketplace.models import Request
    from marketplace.realtime import live
    request_id = open_request()
    p1 = connect("aanbieder1")
    join(p1, request_id)
    with app.app_context():
        older = current_snapshot(db.session, db.session.get(Request, request_id))
    socket_bid(p1, request_id, 120000)
    p1.get_received(NS)
    live.deliver_local(older, "bid")
    assert standings_received(p1) == []


def _watching_after_a_bid(app, connect, open_request, bid):
    """A provider's socket watching a request after a bid, delivered (the process knows the
    request's seq), and the request's current snapshot."""
    from marketplace.auction.bidding import current_snapshot
    from marketplace.models import Request
    request_id = open_request()
    p1 = connect("aanbieder1")
    join(p1, request_id)
    bid(request_id, "aanbieder2", 120000)
    p1.get_received(NS)
    with app.app_context():
        return p1, current_snapshot(db.session, db.session.get(Request, request_id))


def test_states_that_arrive_crossed_are_sent_in_seq_order(app, connect, open_request, bid):
    from dataclasses import replace

    from marketplace.realtime import live
    p1, now = _watching_after_a_bid(app, connect, open_request, bid)
    first, second = replace(now, seq=now.seq + 1), replace(now, seq=now.seq + 2)
    live.deliver_local(second, "bid")  # arrives first: held for the missing one
    assert standings_received(p1) == []
    live.deliver_local(first, "bid")
    assert [v["seq"] for v in standings_received(p1)] == [now.seq + 1, now.seq + 2]


def test_a_state_waiting_for_a_lost_one_goes_out_after_a_moment(app, connect, open_request, bid):
    import time
    from dataclasses import replace

    from marketplace.realtime import live
    p1, now = _watching_after_a_bid(app, connect, open_request, bid)
    live.deliver_local(replace(now, seq=now.seq + 2), "bid")  # seq + 1 never comes
    time.sleep(live.InOrder.HOLD_SECONDS + 0.3)
    assert [v["seq"] for v in standings_received(p1)] == [now.seq + 2]  # the client sees the gap, re-joins


def test_a_second_crossing_keeps_its_own_hold(app, connect, open_request, bid):
    """The hold of an earlier crossing ends while a later one is held: the later one still
    waits for its missing state rather than going out with a gap."""
    from dataclasses import replace

    from marketplace.realtime import live
    p1, now = _watching_after_a_bid(app, connect, open_request, bid)
    seq = now.seq
    live.deliver_local(replace(now, seq=seq + 2), "bid")  # held ...
    live.deliver_local(replace(now, seq=seq + 1), "bid")  # ... until this one came
    live.deliver_local(replace(now, seq=seq + 4), "bid")  # held, a moment later
    assert [v["seq"] for v in standings_received(p1)] == [seq + 1, seq + 2]
    assert live.in_order.release(now.request_id, seq + 2) == []  # the first hold ends: nothing goes
    assert standings_received(p1) == []
    live.deliver_local(replace(now, seq=seq + 3), "bid")
    assert [v["seq"] for v in standings_received(p1)] == [seq + 3, seq + 4]


def test_the_first_state_a_process_sees_after_a_join_waits_for_an_earlier_one_in_flight(app, connect,
                                                                                          open_request):
    """Another process's change can still be on its way when this process's own, later one
    commits; a join tells the process where the request stands, so the later one waits."""
    from dataclasses import replace

    from marketplace.auction.bidding import current_snapshot
    from marketplace.models import Request
    from marketplace.realtime import live
    request_id = open_request()
    live.in_order.reset()  # as in a web process that has not seen this request change yet
    p1 = connect("aanbieder1")
    joined_at = join(p1, request_id)["standings"]["seq"]
    with app.app_context():
        now = current_snapshot(db.session, db.session.get(Request, request_id))
    first, second = replace(now, seq=joined_at + 1), replace(now, seq=joined_at + 2)
    live.deliver_local(second, "bid")  # this process's own change, committed second
    assert standings_received(p1) == []
    live.deliver_local(first, "bid")  # the other process's, arriving through Redis
    assert [v["seq"] for v in standings_received(p1)] == [joined_at + 1, joined_at + 2]


def test_after_a_message_queue_outage_watchers_catch_up_from_the_database(app, connect, open_request, clock,
                                                                          monkeypatch):
    """What was published while this process could not hear Redis is gone; when it hears Redis
    again it sends its watchers where their requests stand: here a close they never heard of."""
    from types import SimpleNamespace

    from marketplace.auction import transactions
    from marketplace.realtime import live
    request_id, p1 = _bid_on_and_watching_past_its_window(connect, open_request, clock)
    with monkeypatch.context() as outage:
        outage.setattr(transactions, "_subscribers", [])  # the close's publish never arrives here
        with app.app_context():
            lifecycle.close_window(db.session, request_id)
    assert p1.get_received(NS) == []

    live.SnapshotRelay.catch_up(SimpleNamespace(app=app))
    received = p1.get_received(NS)
    assert [m["name"] for m in received] == ["standings", "closed"]
    assert received[0]["args"][0]["status"] == "closed"

    live.SnapshotRelay.catch_up(SimpleNamespace(app=app))  # nothing newer: nothing is sent twice
    assert p1.get_received(NS) == []


def test_the_listener_catches_up_each_time_it_subscribes_again(monkeypatch):
    """Not on the first subscription (a join reads the state), but after every lost one."""
    from types import SimpleNamespace

    from marketplace.realtime import fast_json, live
    monkeypatch.setattr(live.time, "sleep", lambda _s: None)
    outages = iter([True, False, True, False])
    caught_up = []

    def listen():
        if next(outages):
            raise ConnectionError("Redis went away")
        yield {"type": "message"}

    relay = SimpleNamespace(_redis_connect=lambda: None, channel="c", host_id="this-process", json=fast_json,
                            pubsub=SimpleNamespace(subscribe=lambda _c: None, listen=listen),
                            health=SimpleNamespace(mark_down=lambda: None),
                            server=SimpleNamespace(start_background_task=caught_up.append),
                            catch_up="catch_up")
    listening = live.SnapshotRelay._redis_listen_with_retries(relay)
    next(listening)
    assert caught_up == ["catch_up"]
    next(listening)
    assert caught_up == ["catch_up", "catch_up"]
