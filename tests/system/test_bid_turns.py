"""On a gevent worker, bids take turns (marketplace/realtime/bid_turns.py): one at a time, and what
arrived on the worker's sockets during one bid (a snapshot from another web process, a client's
frame) is served before the next bid starts, not after every bid that was waiting."""
import time
from types import SimpleNamespace

import gevent
import gevent.socket
import pytest

from marketplace.realtime import bid_turns


@pytest.fixture
def gevent_worker(monkeypatch):
    monkeypatch.setattr(bid_turns, "socketio", SimpleNamespace(server=SimpleNamespace(async_mode="gevent")))
    monkeypatch.setattr(bid_turns, "_turns", None)


def test_what_arrives_during_a_bid_is_served_before_the_next_bid(gevent_worker):
    listener, other_process = gevent.socket.socketpair()
    order = []

    def listen():
        while listener.recv(1):
            order.append("snapshot")

    def bid(n):
        with bid_turns.bid_turn():
            order.append(f"bid {n}")
            time.sleep(0.01)  # a transaction keeps the worker until commit, as wait_c does
            other_process.send(b"s")  # meanwhile another process publishes a snapshot

    reader = gevent.spawn(listen)
    gevent.sleep(0)
    gevent.joinall([gevent.spawn(bid, n) for n in range(3)])
    gevent.sleep(0.01)
    reader.kill()
    listener.close()
    other_process.close()
    assert order == ["bid 0", "snapshot", "bid 1", "snapshot", "bid 2", "snapshot"]


def test_a_refused_bid_gives_up_its_turn(gevent_worker):
    done = []

    def refused():
        with bid_turns.bid_turn():
            raise ValueError("window_closed")

    def accepted():
        with bid_turns.bid_turn():
            done.append("accepted")

    first = gevent.spawn(refused)
    second = gevent.spawn(accepted)
    gevent.joinall([first, second], timeout=2)
    assert isinstance(first.exception, ValueError)
    assert done == ["accepted"]
