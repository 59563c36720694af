"""The gunicorn worker we serve with: gevent-websocket, with an access log that keeps paths
but drops query strings, so no personal data can ever end up in a log line (nor the secret of
an e-mailed one-time link, which is cut from its path), and a gate on each
websocket's frames that lets the live fan-out write a frame itself (marketplace/realtime/live.py).

It lives outside the marketplace package on purpose: gunicorn imports the worker class in
the master before gevent patches the standard library, and importing the app then would
load ssl, threading and the Redis client unpatched."""
import gevent
from gevent.lock import Semaphore
from geventwebsocket.gunicorn.workers import GeventWebSocketWorker
from geventwebsocket.handler import WebSocketHandler

# The rule the app's error log follows too.
from serving.log_paths import loggable_target


class WouldBlock(Exception):
    """The frame was not started: the client has not read what it was sent before."""


class FrameGate:
    """One frame at a time on a websocket, and whether one is being written or waits to be.

    Engine.IO writes a connection's frames from a writer greenlet of its own; live.py writes a
    standings frame itself (send_now) when nothing is queued for, written on or waiting for that
    connection, so that it goes out now instead of when the hub next runs that writer. Such a
    frame never waits for the client: a fan-out loop must not stall every other viewer, nor the
    snapshot's publish to the other processes, behind one slow reader. A frame that waits holds
    the gate, so no other frame can land in the middle of it and the next one waits its turn."""

    def __init__(self, sock):
        self._lock = Semaphore()
        self._sock = sock  # gevent's socket; its _sock is the operating system's, non-blocking
        self._without_waiting = False
        self.busy = 0

    def write(self, data) -> None:
        """Every frame on this connection, as gevent-websocket's raw_write."""
        if self._without_waiting:
            return self._write_without_waiting(data)
        self.busy += 1
        try:
            with self._lock:
                self._sock.sendall(data)
        finally:
            self.busy -= 1

    def send_now(self, send, message) -> bool:
        """send(message) (the websocket's send) if the frame can start now; False if not, and
        nothing was written."""
        if self.busy:
            return False
        self._without_waiting = True
        try:
            send(message)
        except WouldBlock:
            return False
        finally:
            self._without_waiting = False
        return True

    def _write_without_waiting(self, data) -> None:
        try:
            sent = self._sock._sock.send(data)
        except BlockingIOError:
            raise WouldBlock() from None
        if sent < len(data):
            # The rest must follow before any other frame: a greenlet of its own waits for the
            # client with the gate held. The gate is free here (busy was 0, nothing yielded).
            self.busy += 1
            self._lock.acquire()
            gevent.spawn(self._finish, data[sent:])

    def _finish(self, rest) -> None:
        try:
            self._sock.sendall(rest)
        except OSError:
            pass  # the client is gone: Engine.IO's reader finds out and disconnects it
        finally:
            self._lock.release()
            self.busy -= 1


class PathOnlyLogHandler(WebSocketHandler):
    frame_gate: FrameGate | None = None

    def upgrade_websocket(self):
        result = super().upgrade_websocket()
        websocket = self.environ.get("wsgi.websocket")
        if websocket is not None:
            self.frame_gate = FrameGate(self.socket)
            websocket.raw_write = self.frame_gate.write  # every frame, Engine.IO's writer's too
        return result

    def format_request(self):
        full = self.requestline
        if full:
            method, _, rest = full.partition(" ")
            target, _, version = rest.partition(" ")
            self.requestline = f"{method} {loggable_target(target)} {version}".strip()
        try:
            return super().format_request()
        finally:
            self.requestline = full


class Worker(GeventWebSocketWorker):
    wsgi_handler = PathOnlyLogHandler
