"""How often one account may bid or withdraw: the same budget over the API, the socket and the
provider's form, since all of them call the domain. Counted in Redis when REDIS_URL is set (every
web process shares one count), in this process's memory otherwise.

"5 per second with a burst of 10" is a token bucket; the `limits` library counts moving windows,
so it is two windows checked together: `burst` in any one second, and `per_second` × 10 in any
ten seconds. An account can fire its burst at once, and over any ten seconds averages no more
than `per_second` (a token bucket would allow `burst` more over the same ten seconds)."""
import math
import threading
import time
from collections import deque

from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from limits.util import WindowStats

from .actors import Actor
from .errors import DomainError, Text

SUSTAINED_WINDOW_SECONDS = 10

_limiter: "MovingWindowRateLimiter | LocalMovingWindows | None" = None
_windows: tuple = ()


class LocalMovingWindows:
    """This process's own moving windows, for when there is no Redis: per window and account the
    times of its recent hits, pruned only when that account is counted again. Answers like the
    `limits` limiter the Redis count uses (hit, get_window_stats). Not `limits`' memory storage:
    that one prunes every account's hits on a timer running a hundred times a second, work that
    grows with the number of bidders and competes with the bids it guards."""

    def __init__(self):
        self._hits: dict[tuple, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, item, account: str, now: float) -> deque:
        hits = self._hits.setdefault((item.amount, item.get_expiry(), account), deque())
        while hits and hits[0] <= now - item.get_expiry():
            hits.popleft()
        return hits

    def hit(self, item, _namespace: str, account: str) -> bool:
        with self._lock:
            now = time.time()
            hits = self._recent(item, account, now)
            if len(hits) >= item.amount:
                return False
            hits.append(now)
            return True

    def get_window_stats(self, item, _namespace: str, account: str):
        with self._lock:
            now = time.time()
            hits = self._recent(item, account, now)
            return WindowStats((hits[0] + item.get_expiry()) if hits else now, max(0, item.amount - len(hits)))


def configure(storage_uri: str | None, per_second: int, burst: int, burst_seconds: int = 1) -> None:
    """Called by create_app; storage_uri is REDIS_URL, or None for memory. `burst` calls are
    allowed in any `burst_seconds` (one second, but for a test that must not race the clock)."""
    global _limiter, _windows
    _limiter = (MovingWindowRateLimiter(storage_from_string(storage_uri)) if storage_uri
                else LocalMovingWindows())
    _windows = (RateLimitItemPerSecond(burst, burst_seconds),
                RateLimitItemPerSecond(per_second * SUSTAINED_WINDOW_SECONDS, SUSTAINED_WINDOW_SECONDS))


def _account(actor: Actor) -> str:
    if actor.user_id is not None:
        return f"user:{actor.user_id}"
    return f"{actor.kind}:{actor.request_id}"


def check_bid_rate(actor: Actor) -> None:
    """Count one bid or withdrawal for this account; past the limit, rate_limited with the
    seconds until it may try again. Asked before anything is locked: a flood waits for nothing."""
    if _limiter is None:
        return
    account = _account(actor)
    try:
        for window in _windows:
            if not _limiter.hit(window, "bids", account):
                reset_at = _limiter.get_window_stats(window, "bids", account).reset_time
                raise DomainError(
                    "rate_limited",
                    Text("U biedt te vaak achter elkaar. Probeer het over %(seconds)s seconde(n) opnieuw.",
                         seconds=max(1, math.ceil(reset_at - time.time()))),
                    retry_after=max(1, math.ceil(reset_at - time.time())))
    except DomainError:
        raise
    except Exception:
        # The shared count (Redis) cannot be reached: refuse rather than let bids through
        # uncounted; the live guard refuses bids without Redis for the same reason.
        raise DomainError("service_unavailable",
                          Text("De teller voor biedingen is even niet bereikbaar; uw bod is niet verwerkt.")) from None
