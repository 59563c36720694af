"""What the domain announces after a commit: a request's new auction state, and the window
times the scheduler must follow."""
from dataclasses import dataclass
from datetime import datetime

from .standings import Snapshot


@dataclass(frozen=True)
class StandingsChanged:
    snapshot: Snapshot
    reason: str  # bid | revision | withdrawal | extended | opened | closed | cancelled | ...


@dataclass(frozen=True)
class WindowScheduled:
    """The scheduler must (re)arm the open/close jobs of this request."""
    request_id: int
    status: str
    opens_at: datetime
    closes_at: datetime


@dataclass(frozen=True)
class WindowUnscheduled:
    request_id: int
