"""Live fan-out: after a change commits, every socket watching that request gets its own view.

Each web process knows only its own sockets (who is watching what, as whom). A change is
rendered here per viewer, so a provider's payload is built from its own view and never
carries another provider's name. With a message queue (scale-out mode) the snapshot travels
to every process, and each renders for its own sockets."""
import logging
import threading
import time
from collections import defaultdict

import redis
import socketio as python_socketio
from engineio import packet as eio_packet
from socketio import packet

from ..auction import transactions
from ..auction.actors import Actor
from ..auction.changes import StandingsChanged
from ..auction.errors import DomainError, Text
from ..auction.standings import Snapshot, Views
from ..extensions import socketio
from . import fast_json
from .watching import InOrder, in_order, watchers

NAMESPACE = "/auction"
SNAPSHOT_EVENT = "zorgbod:snapshot"  # internal: travels between processes, never to a browser
log = logging.getLogger(__name__)


def room_for(request_id: int) -> str:
    return f"request:{request_id}"


def deliver_local(snapshot: Snapshot, reason: str) -> None:
    """Send this process's watchers of the request their views, in seq order."""
    ready = in_order.offer(snapshot, reason)
    if ready is None:
        socketio.start_background_task(_release_held, snapshot.request_id, snapshot.seq)
        return
    for held_snapshot, held_reason in ready:
        _send(held_snapshot, held_reason)


def _release_held(request_id: int, seq: int) -> None:
    socketio.sleep(InOrder.HOLD_SECONDS)
    for snapshot, reason in in_order.release(request_id, seq):
        _send(snapshot, reason)


def _send(snapshot: Snapshot, reason: str) -> None:
    """Send each local watcher its own view; identical views are rendered and encoded once.

    This is the bid path's hottest loop (one packet per watcher per change), so it builds the
    Socket.IO packet itself, as python-socketio's Manager.emit does for a room, instead of one
    emit() per socket, each of which would scan the payload for binary data and encode it again."""
    server = socketio.server
    now = transactions.clock()
    groups: dict[tuple, list[str]] = defaultdict(list)
    actors: dict[tuple, Actor] = {}
    for sid, actor in watchers.of(snapshot.request_id):
        key = (actor.kind, actor.organisation_id)
        groups[key].append(sid)
        actors[key] = actor
    views = Views(snapshot, now)
    for key, sids in groups.items():
        pkt = server.packet_class(packet.EVENT, namespace=NAMESPACE, binary=False,
                                  data=["standings", views.of(actors[key])])
        message = eio_packet.Packet(eio_packet.MESSAGE, pkt.encode())
        frame = message.encode()
        for sid in sids:
            eio_sid = server.manager.eio_sid_from_sid(sid, NAMESPACE)
            if eio_sid is not None and not _write_now(server, eio_sid, frame):
                server._send_eio_packet(eio_sid, message)
    if reason == "closed":
        socketio.emit("closed", {"request_id": snapshot.request_id, "status": snapshot.status,
                                 "seq": snapshot.seq},
                      to=room_for(snapshot.request_id), namespace=NAMESPACE, ignore_queue=True)


def _write_now(server, eio_sid: str, frame: str) -> bool:
    """Write a standings frame on its websocket now, when nothing else is queued for, written
    on or waiting for that connection; False when it must go through Engine.IO's queue.

    Queued, a frame waits until the hub next runs that connection's writer greenlet: behind
    every greenlet that was ready before it, a bid's whole transaction among them. Only the
    gevent-websocket worker's connections have a gate (serving/gunicorn_worker.py's FrameGate); any other
    server queues. A frame that cannot start at once (the client has not read the last ones)
    queues too: waiting for one slow reader here would hold up this snapshot's other viewers
    and its publish to the other processes, which would then release a later snapshot with a
    gap."""
    environ = server.environ.get(eio_sid)
    websocket = environ.get("wsgi.websocket") if environ is not None else None
    gate = getattr(getattr(websocket, "handler", None), "frame_gate", None)
    if gate is None or gate.busy:
        return False
    socket = server.eio.sockets.get(eio_sid)
    # An older frame still queued must go first; the writer takes what is queued and writes it
    # without yielding in between, so an empty queue and an idle gate mean none is in flight.
    if socket is None or not socket.upgraded or socket.closing or socket.closed or not socket.queue.empty():
        return False
    if not socket.check_ping_timeout():
        return True  # gone: Engine.IO closes it, as its own send() would
    try:
        return gate.send_now(websocket.send, frame)  # False: the client is behind; queue it
    except Exception:  # a dead connection: its reader finds out and Engine.IO disconnects it
        log.debug("could not write to a closing websocket")
        return True


class SnapshotRelay(python_socketio.RedisManager):
    """Socket.IO's Redis manager, taught one more message: a committed snapshot. Every web
    process renders it for its own sockets, so one publish per change serves all viewers and
    provider payloads are never built anywhere but next to their socket."""

    def __init__(self, url: str, app=None, **kwargs):
        super().__init__(url, **kwargs)
        self.app = app  # to read where watched requests stand after an outage (catch_up)
        self.health = QueueHealth(url)
        # room -> the newest snapshot message that could not be published yet
        self.pending: dict[str, dict] = {}
        self.pending_lock = threading.Lock()
        self.retrier: threading.Thread | None = None

    def _handle_emit(self, message):
        if message.get("event") != SNAPSHOT_EVENT:
            return super()._handle_emit(message)
        if self.server is None:
            return  # a write-only publisher (the scheduler process) has no sockets
        data = message["data"]
        payload = data[0] if isinstance(data, list) else data
        # Never our own: share() delivers those locally and does not hand them here, and the
        # listener drops Redis's copy (python-socketio skips our host_id too).
        deliver_local(Snapshot.from_dict(payload["snapshot"]), payload["reason"])

    def share(self, change: StandingsChanged) -> None:
        """Deliver a committed change to this process's sockets now, and to every other
        process through Redis: the local half need not wait for the round trip."""
        # Local first. Waiting for Redis's reply hands the worker to whatever else is ready (other
        # bids' transactions among it), so sockets served after the publish would wait behind
        # all of that. The other processes get the snapshot only the rendering later, and get it
        # even when rendering here fails.
        try:
            if self.server is not None:
                deliver_local(change.snapshot, change.reason)
        finally:
            # The message PubSubManager.emit would publish, built here: emit also scans the
            # payload for binary data (every offer, on every bid) and hands it to this process,
            # which delivered it above. host_id leads, so that this process can skip its own
            # message without decoding it (_redis_listen_with_retries).
            self._publish({"host_id": self.host_id, "method": "emit", "event": SNAPSHOT_EVENT,
                           "data": [{"snapshot": change.snapshot.to_dict(), "reason": change.reason}],
                           "binary": False, "namespace": NAMESPACE,
                           "room": room_for(change.snapshot.request_id), "skip_sid": None, "callback": None})

    def _publish(self, data):
        # The base class logs and drops a message it cannot publish. We mark the queue
        # unhealthy (bids are refused until Redis answers again) and keep the newest snapshot
        # per request to publish when it does: a close during an outage still reaches everyone.
        snapshot_room = data.get("room") if data.get("event") == SNAPSHOT_EVENT else None
        if self._try_publish(data):
            if snapshot_room:
                with self.pending_lock:
                    self.pending.pop(snapshot_room, None)  # superseded by this newer one
            return
        if snapshot_room:
            with self.pending_lock:
                self.pending[snapshot_room] = data
            self._start_retrier()

    def _try_publish(self, data) -> bool:
        try:
            if not self.connected:
                self._redis_connect()
            self.redis.publish(self.channel, self.json.dumps(data))
            return True
        except Exception as exc:
            self.connected = False
            self.health.mark_down()
            log.error("cannot publish to the message queue: %s", type(exc).__name__)
            return False

    def _start_retrier(self) -> None:
        with self.pending_lock:
            if self.retrier is not None and self.retrier.is_alive():
                return
            self.retrier = threading.Thread(target=self._retry_pending, name="snapshot-retry", daemon=True)
            self.retrier.start()

    def _retry_pending(self) -> None:
        while True:
            time.sleep(1)
            with self.pending_lock:
                waiting = list(self.pending.items())
            if not waiting:
                return
            for room, data in waiting:
                if not self._try_publish(data):
                    break
                with self.pending_lock:
                    if self.pending.get(room) is data:
                        del self.pending[room]
            else:
                log.info("message queue back: %d delayed snapshot(s) published", len(waiting))
                self._publish_again(waiting)

    REPUBLISH_AFTER_OUTAGE = 3

    def _publish_again(self, delivered: list) -> None:
        """Redis keeps no message for a process not yet subscribed again, and every process
        retries its subscription once a second, as this thread retries its publishing: whichever
        comes first after an outage would decide whether a delayed close reaches a process. So
        the same snapshots go out once a second a few times more; a process that already has one
        drops it as old (InOrder)."""
        for _ in range(self.REPUBLISH_AFTER_OUTAGE):
            time.sleep(1)
            for _room, data in delivered:
                self._try_publish(data)

    def _redis_listen_with_retries(self):
        # As the base class, but retry every second: service resumes soon after Redis returns.
        subscribed = lost = False
        own = self.json.dumps({"host_id": self.host_id})[:-1].encode()  # how share() begins a message
        while True:
            try:
                if not subscribed:
                    self._redis_connect()
                    self.pubsub.subscribe(self.channel)
                    subscribed = True
                    if lost:
                        lost = False
                        self.server.start_background_task(self.catch_up)
                for message in self.pubsub.listen():
                    data = message.get("data")
                    if isinstance(data, bytes) and data.startswith(own):
                        continue  # sent by this process, which delivered it when it committed
                    yield message
            except Exception as exc:
                log.error("message queue listener lost Redis (%s); retrying", type(exc).__name__)
                subscribed = False
                lost = True
                self.health.mark_down()
                time.sleep(1)

    def catch_up(self) -> None:
        """After Redis was away, send this process's watchers where their requests stand now.

        Whatever was published while this process was not subscribed is gone: Redis keeps no
        message for a subscriber that is not there. The publishers publish their delayed
        snapshots again a few times (_publish_again), but a process that takes longer to
        subscribe again would miss those too. So it reads each watched request's snapshot from
        the database, after subscribing, so that nothing can fall between the two; one it has
        already delivered is dropped as old, a newer one goes out (with a gap in seq, after
        which a client re-joins for the full state)."""
        if self.app is None:
            return
        from ..auction.bidding import current_snapshot
        from ..extensions import db
        from ..models import Request

        try:
            with self.app.app_context():
                for request_id in watchers.requests():
                    request = db.session.get(Request, request_id)
                    if request is not None:
                        snapshot = current_snapshot(db.session, request)
                        deliver_local(snapshot, "closed" if request.closed_at is not None else "caught_up")
                    db.session.rollback()
        except Exception:  # the database may be away too: its outage has its own recovery
            log.exception("could not catch up after the message queue returned")


class QueueHealth:
    """Whether Redis answers, asked at most once a second and remembered in between."""

    def __init__(self, url: str):
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.ok = True
        self.checked_at = 0.0

    def mark_down(self) -> None:
        self.ok = False
        self.checked_at = time.monotonic()

    def is_ok(self) -> bool:
        if time.monotonic() - self.checked_at >= 1.0:
            try:
                self.ok = bool(self.client.ping())
            except redis.RedisError:
                self.ok = False
            self.checked_at = time.monotonic()
        return self.ok


def relay() -> SnapshotRelay | None:
    server = socketio.server
    manager = server.manager if server is not None else None
    return manager if isinstance(manager, SnapshotRelay) else None


def require_queue() -> None:
    """A bid whose broadcast could vanish is refused rather than silently half-delivered."""
    manager = relay()
    if manager is not None and not manager.health.is_ok():
        raise DomainError("service_unavailable",
                          Text("Live bijwerken is even niet mogelijk; uw bod is niet verwerkt. Probeer het zo opnieuw."))


def queue_status() -> str:
    manager = relay()
    if manager is None:
        return "not_configured"
    return "ok" if manager.health.is_ok() else "down"


def publish(change) -> None:
    if not isinstance(change, StandingsChanged):
        return
    try:
        manager = relay()
        if manager is not None:
            manager.share(change)
        else:
            deliver_local(change.snapshot, change.reason)
    except Exception:  # a broken socket or queue must never undo or hide a committed bid
        log.exception("live delivery failed for request %s", change.snapshot.request_id)


def client_manager(app):
    """The Socket.IO client manager for this app: the relay when REDIS_URL is set."""
    url = app.config.get("REDIS_URL")
    return SnapshotRelay(url, app=app, channel=app.config["SOCKETIO_CHANNEL"], json=fast_json) if url else None


def init_app(app) -> None:
    in_order.reset()  # one app per process in production; a fresh database per app in tests
    transactions.subscribe(publish)
    transactions.register_guard(require_queue)
