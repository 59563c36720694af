"""Bids take turns on a gevent worker: one at a time, each after the worker has served its
sockets once more.

A bid's transaction keeps the worker until commit (serving/gunicorn.conf.py's wait_c). gevent's hub
runs every greenlet that is ready before it looks at its sockets again, so bids that arrive
together would run back to back, and a snapshot from another web process, or a client's frame,
would wait for all of them. Stepping back with sleep(0) is not enough: it queues the bid behind
the other ready greenlets, which are the other bids.

So a bid waits for its turn (one bid at a time in this worker, as wait_c makes it anyway) and
then for a timer of the lowest priority, which the hub fires only after the socket events of
the same loop iteration: whatever arrived during the previous bid goes first. A bid that cannot
wait this way (threads: tests, `flask run`) only steps back once."""
from contextlib import contextmanager

from ..auction.admission import admit_bidder
from ..auction.bidding import BidResult, place_bid
from ..extensions import socketio

_turns = None  # (gevent Semaphore, timer priority), made in the worker's own hub on first use


@contextmanager
def bid_turn():
    if getattr(socketio.server, "async_mode", None) != "gevent":
        socketio.sleep(0)
        yield
        return
    import gevent

    turn, priority = _turns or _make_turns()
    with turn:
        hub = gevent.get_hub()
        with hub.loop.timer(0.0, priority=priority) as after_the_sockets:
            hub.wait(after_the_sockets)
        yield


def place_in_turn(session, actor, request_id: int, inp) -> BidResult:
    """How every adapter (socket, API, form) places a bid: refused (not eligible, over the
    account's limit) before it takes this worker's turn, holding no pooled connection while it
    waits, then placed in its turn."""
    admit_bidder(session, actor, request_id)
    session.commit()
    with bid_turn():  # what arrived on this worker's sockets goes first
        return place_bid(session, actor, request_id, inp, admitted=True)


def _make_turns():
    global _turns
    from gevent.lock import Semaphore
    try:
        from gevent.libev.corecext import MINPRI
    except ImportError:  # a loop without priorities (libuv) fires it in its turn
        MINPRI = 0
    _turns = (Semaphore(), MINPRI)
    return _turns
