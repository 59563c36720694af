"""This process's personal-data scanner: one deduce child process (names.py), shared
by every app in the process, started once and in the background.

gunicorn warms it right after forking a web worker (serving/gunicorn.conf.py), so by the time a
consultant publishes it has usually loaded; a CLI command or the scheduler process never
starts it unless it publishes. A publish that finds it still loading waits for it up to
PERSONAL_DATA_SCAN_WAIT seconds and is then refused (503), never let through unscanned."""
import threading

from .findings import Finding
from .names import NameDetector
from .patterns import find_structured
from .scan import scan

_lock = threading.Lock()
_detector: NameDetector | None = None


def shared_detector() -> NameDetector:
    """The process's detector, started on first use (returns at once while it loads)."""
    global _detector
    with _lock:
        if _detector is None:
            _detector = NameDetector()
            _detector.start()
        return _detector


def warm() -> None:
    shared_detector()


def scanner(wait: float):
    """A scan function for support_requests.publish: fields -> findings, waiting up to `wait`
    seconds (the app's PERSONAL_DATA_SCAN_WAIT) for the detector to finish loading."""
    wait = float(wait)

    def scan_fields(fields: dict[str, str]):
        detector = shared_detector()
        detector.wait_ready(wait)  # not ready in time: scan() raises DetectorUnavailable
        return scan(fields, detector)
    return scan_fields


def loaded() -> bool:
    """Whether a publish can scan right now, without waiting (for /readyz); never blocks."""
    detector = _detector
    return detector is not None and detector.ready


def status() -> str:
    """For /healthz: whether publishing can scan right now."""
    if _detector is None:
        return "not started"
    if _detector.ready:
        return "ok"
    return "failing" if _detector.failed_starts >= 2 else "loading"


def patterns_only(fields: dict[str, str]) -> list[Finding]:
    """The exact patterns without deduce, for texts Zorgbod itself wrote (the demo data, the
    benchmark's seed): seeding must not load a 1 GB model to check our own sentences."""
    return [Finding(field, kind, start, end, found) for field, text in fields.items()
            for kind, start, end, found in find_structured(text or "")]
