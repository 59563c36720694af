"""What a web process knows of its own watchers: who watches which request as whom
(Watchers), and which snapshot of each request goes out next (InOrder). Plain state, no sockets:
live.py sends what these say."""
import threading
from collections import defaultdict

from ..auction.actors import Actor
from ..auction.standings import Snapshot


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

    def requests(self) -> list[int]:
        """The requests someone on this process watches."""
        with self._lock:
            return [request_id for request_id, watching in self._by_request.items() if watching]


watchers = Watchers()


class InOrder:
    """Hands each request's snapshots on in seq order. Commits publish after their locks are
    released, so two snapshots can arrive crossed: one that arrives ahead of a missing one
    waits up to HOLD_SECONDS for it, then goes out anyway (the client sees the gap and
    re-joins for the full state). One older than what was delivered is dropped."""

    # Longer than a publisher can be held up between its commit and its publish, also when a
    # thousand clients start bidding at once: a missing snapshot that arrives after its
    # successor's hold has ended is dropped as old, and its watchers lose it. A held snapshot
    # only waits this long when the missing one never comes.
    HOLD_SECONDS = 1.0

    def __init__(self):
        self._lock = threading.Lock()
        self._last: dict[int, int] = {}
        self._held: dict[int, dict[int, tuple[Snapshot, str]]] = defaultdict(dict)

    def reset(self) -> None:
        with self._lock:
            self._last.clear()
            self._held.clear()

    def start_at(self, request_id: int, seq: int) -> None:
        """A socket joined at this committed seq: what comes next is seq + 1. Without it the
        first snapshot this process sees of a request would set the order, and an earlier one
        still on its way from another process would be dropped as old."""
        with self._lock:
            if request_id not in self._last:
                self._last[request_id] = seq

    def offer(self, snapshot: Snapshot, reason: str) -> list[tuple[Snapshot, str]] | None:
        """What to send now, in order; None when the snapshot is held for a missing one."""
        request_id, seq = snapshot.request_id, snapshot.seq
        with self._lock:
            last = self._last.get(request_id)
            if last is not None and seq <= last:
                return []
            if last is not None and seq > last + 1:
                self._held[request_id][seq] = (snapshot, reason)
                return None
            ready = [(snapshot, reason)]
            self._last[request_id] = seq
            held = self._held.get(request_id, {})
            while self._last[request_id] + 1 in held:
                ready.append(held.pop(self._last[request_id] + 1))
                self._last[request_id] += 1
            return ready

    def release(self, request_id: int, seq: int) -> list[tuple[Snapshot, str]]:
        """After `seq`'s hold: if it still waits, it goes out, gap or not, with what was held
        before it and what follows it without a gap. A snapshot held later keeps its own hold:
        with one release for the whole request, a second crossing a moment after the first would
        go out with a gap when the first one's hold ended, and its watchers would lose an update."""
        with self._lock:
            held = self._held.get(request_id, {})
            if seq not in held:
                return []  # the missing one came in time
            ready = [held.pop(s) for s in sorted(held) if s <= seq]
            while seq + 1 in held:
                seq += 1
                ready.append(held.pop(seq))
            self._last[request_id] = seq
            if not held:
                self._held.pop(request_id, None)
            return ready


in_order = InOrder()
