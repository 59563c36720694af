"""NameDetector: deduce (names, addresses, places, institutions, ages in Dutch text) in one
dedicated child process per web process, spoken to with JSON lines over its stdin/stdout.

deduce takes seconds and over a gigabyte of memory to load, so it is loaded once, off the
request path, and never in the web process itself. A child process rather than
multiprocessing: the web workers run under gevent, which patches subprocess but not
multiprocessing. Start it in each web process after gunicorn forks (post_worker_init, or when
the app is created), not before.

    detector = NameDetector()
    detector.start()              # returns at once; the child loads in the background
    detector.find(text)           # [(kind, start, end, text)], or DetectorUnavailable
"""
import json
import logging
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from .findings import AGE, IDENTIFIER, INSTITUTION, LOCATION, PERSON

log = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("name_worker.py")
_EXITED = object()


class DetectorUnavailable(Exception):
    """The name detector cannot answer now (loading, restarting, stopped, too slow): nothing
    may be published unscanned, so the caller refuses and asks to try again shortly."""


def kind_of(tag: str) -> str:
    """Our kind for a deduce tag; a tag we do not know is still reported, as an identifier."""
    if "persoon" in tag or "patient" in tag:
        return PERSON
    if "locatie" in tag:
        return LOCATION
    if "ziekenhuis" in tag or "instelling" in tag:
        return INSTITUTION
    if "leeftijd" in tag:
        return AGE
    return IDENTIFIER


class NameDetector:
    def __init__(self, call_timeout: float = 10.0, restart_delay: float = 1.0, stderr=None):
        """`stderr`: where the child's own warnings go (a file object or None to share ours);
        they never contain a scanned text."""
        self.call_timeout = call_timeout
        self.restart_delay = restart_delay
        self._stderr = stderr
        self._call_lock = threading.Lock()  # one text at a time on the pipe
        self._ready = threading.Event()
        self._wake = threading.Event()
        self._stopping = False
        self._proc: subprocess.Popen | None = None
        self._replies: queue.Queue = queue.Queue()
        self._next_id = 0
        self._thread: threading.Thread | None = None
        self._was_ready = False
        self.load_seconds: float | None = None
        # Children in a row that ended before they were ready (deduce missing, no memory):
        # from two on, /healthz says the scanner is failing rather than still loading.
        self.failed_starts = 0

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc else None

    def start(self) -> None:
        """Start the child in the background and keep one running (restarting it if it dies)
        until stop(); returns at once."""
        if self._thread and self._thread.is_alive():
            return
        self._stopping = False
        self._wake.clear()
        self._thread = threading.Thread(target=self._supervise, name="name-detector", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping = True
        self._wake.set()
        proc = self._proc
        if proc:
            self._end(proc, timeout)
        if self._thread:
            self._thread.join(timeout)

    def find(self, text: str) -> list[tuple[str, int, int, str]]:
        """deduce's findings in `text` as (kind, start, end, text), start/end character offsets."""
        if not self._ready.is_set():
            raise DetectorUnavailable("the name detector is not ready")
        if not self._call_lock.acquire(timeout=self.call_timeout):
            raise DetectorUnavailable("the name detector is busy")
        try:
            proc = self._proc
            if proc is None or not self._ready.is_set():
                raise DetectorUnavailable("the name detector is not ready")
            self._drain()
            self._next_id += 1
            request_id = self._next_id
            try:
                proc.stdin.write(json.dumps({"id": request_id, "text": text}) + "\n")
                proc.stdin.flush()
            except (OSError, ValueError):
                raise DetectorUnavailable("the name detector has stopped") from None
            deadline = time.monotonic() + self.call_timeout
            while True:
                try:
                    reply = self._replies.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    # Its state is unknown now (a runaway pattern?): a fresh child is safer
                    # than a late answer to the wrong question.
                    log.warning("name detector gave no answer in %.1f s; restarting it", self.call_timeout)
                    self._ready.clear()
                    proc.kill()
                    raise DetectorUnavailable("the name detector did not answer in time") from None
                if reply is _EXITED:
                    raise DetectorUnavailable("the name detector has stopped")
                if reply.get("id") == request_id:
                    break
            if "error" in reply:
                raise DetectorUnavailable(f"the name detector failed: {reply['error']}")
            return [(kind_of(tag), start, end, text[start:end]) for tag, start, end in reply["annotations"]]
        finally:
            self._call_lock.release()

    def _drain(self) -> None:
        while True:
            try:
                self._replies.get_nowait()
            except queue.Empty:
                return

    def _supervise(self) -> None:
        delay = self.restart_delay
        while not self._stopping:
            started = time.monotonic()
            self._was_ready = False
            code = self._run_child()
            self.failed_starts = 0 if self._was_ready else self.failed_starts + 1
            if self._stopping:
                break
            log.warning("name detector child exited with code %s; restarting in %.0f s", code, delay)
            self._wake.wait(delay)
            # A child that keeps dying at start-up (deduce missing, no memory) is retried
            # less and less often; one that ran a while is restarted at once.
            delay = self.restart_delay if time.monotonic() - started > 60 else min(delay * 2, 60.0)

    def _run_child(self) -> int | None:
        try:
            proc = subprocess.Popen([sys.executable, "-P", str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=self._stderr, text=True, encoding="ascii", bufsize=1)
        except OSError:
            log.exception("cannot start the name detector")
            return None
        self._proc = proc
        try:
            for line in proc.stdout:
                message = json.loads(line)
                if message.get("ready"):
                    self.load_seconds = message.get("seconds")
                    log.info("name detector ready in %s s (pid %s)", self.load_seconds, proc.pid)
                    self._was_ready = True
                    self._ready.set()
                else:
                    self._replies.put(message)
        except (OSError, ValueError):
            log.warning("name detector: unreadable reply; restarting it")
        finally:
            self._ready.clear()
            self._replies.put(_EXITED)
            self._end(proc, 5.0)
        return proc.returncode

    @staticmethod
    def _end(proc: subprocess.Popen, timeout: float) -> None:
        """Close its stdin (it exits at end of input), then kill it if it does not."""
        try:
            proc.stdin.close()
        except (OSError, ValueError):
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
