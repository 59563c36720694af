"""Live fan-out: after a change commits, every socket watching that request gets its own view.

Each web process knows only its own sockets (who is watching what, as whom). A change is
rendered here per viewer, so a provider's payload is built from its own view and never
carries another provider's name. With a message queue (scale-out mode) the snapshot travels
to every process, and each renders for its own sockets."""
import logging
import threading
from collections import defaultdict

from .auction import transactions
from .auction.actors import Actor
from .auction.changes import StandingsChanged
from .auction.standings import Snapshot, view_for
from .extensions import socketio

NAMESPACE = "/auction"
log = logging.getLogger(__name__)


def room_for(request_id: int) -> str:
    return f"request:{request_id}"


class Watchers:
    """Process-local registry: request id -> {sid: Actor}."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_request: dict[int, dict[str, Actor]] = defaultdict(dict)

    def watch(self, request_id: int, sid: str, actor: Actor) -> None:
        with self._lock:
            self._by_request[request_id][sid] = actor

    def forget(self, sid: str) -> None:
        with self._lock:
            for watchers in self._by_request.values():
                watchers.pop(sid, None)

    def of(self, request_id: int) -> list[tuple[str, Actor]]:
        with self._lock:
            return list(self._by_request.get(request_id, {}).items())

    def count(self) -> int:
        with self._lock:
            return sum(len(w) for w in self._by_request.values())


watchers = Watchers()


def deliver_local(snapshot: Snapshot, reason: str) -> None:
    """Emit each local watcher's own view; identical views are rendered once."""
    now = transactions.clock()
    cache: dict[tuple, dict] = {}
    for sid, actor in watchers.of(snapshot.request_id):
        key = (actor.kind, actor.organisation_id)
        if key not in cache:
            cache[key] = view_for(snapshot, actor, now)
        socketio.emit("standings", cache[key], to=sid, namespace=NAMESPACE, ignore_queue=True)
    if reason == "closed":
        socketio.emit("closed", {"request_id": snapshot.request_id, "status": snapshot.status,
                                 "seq": snapshot.seq},
                      to=room_for(snapshot.request_id), namespace=NAMESPACE, ignore_queue=True)


def publish(change) -> None:
    if isinstance(change, StandingsChanged):
        try:
            deliver_local(change.snapshot, change.reason)
        except Exception:  # a broken socket must never undo or hide a committed bid
            log.exception("live delivery failed for request %s", change.snapshot.request_id)


def init_app(app) -> None:
    transactions.subscribe(publish)
