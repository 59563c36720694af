"""Standings frames written straight to a websocket, and when they must queue instead
(live._write_now, serving.gunicorn_worker.FrameGate): a viewer never gets a frame cut in two by
another, nor a newer standings frame before an older one still queued."""
from types import SimpleNamespace

import gevent
from gevent.queue import JoinableQueue

from marketplace.realtime.live import _write_now
from serving.gunicorn_worker import FrameGate


class FakeSocket:
    """gevent's socket over a client that takes `room` bytes at once, then the rest later."""

    def __init__(self, room=10**6):
        self.wire = []
        self.room = room
        self._sock = self  # the operating system's socket, non-blocking

    def send(self, data):
        if self.room == 0:
            raise BlockingIOError()
        sent = data[:self.room]
        self.room -= len(sent)
        self.wire.append(sent)
        return len(sent)

    def sendall(self, data):
        gevent.sleep(0.01)  # the client reads at last
        self.wire.append(data)


def test_a_frame_that_waits_for_a_slow_client_is_never_cut_by_another():
    sock = FakeSocket(room=3)
    gate = FrameGate(sock)
    assert gate.send_now(gate.write, b"AAAAAA")  # started: 3 bytes now, the rest when it can
    assert gate.busy == 1
    assert not gate.send_now(gate.write, b"CCCCCC")  # may not start in the middle
    gevent.joinall([gevent.spawn(gate.write, b"BBBBBB")])  # Engine.IO's writer waits its turn
    assert b"".join(sock.wire) == b"AAAAAABBBBBB"
    assert gate.busy == 0


def test_a_frame_for_a_client_that_has_not_read_is_left_to_the_queue():
    sock = FakeSocket(room=0)
    gate = FrameGate(sock)
    assert not gate.send_now(gate.write, b"AAAAAA")
    assert sock.wire == [] and gate.busy == 0


class FakeWebSocket:
    def __init__(self, gate):
        self.handler = SimpleNamespace(frame_gate=gate)
        self.sent = []

    def send(self, frame):
        self.handler.frame_gate.write(frame)
        self.sent.append(frame)


def _server(gate):
    websocket = FakeWebSocket(gate)
    socket = SimpleNamespace(upgraded=True, closing=False, closed=False, queue=JoinableQueue(),
                             check_ping_timeout=lambda: True)
    server = SimpleNamespace(environ={"e1": {"wsgi.websocket": websocket}},
                             eio=SimpleNamespace(sockets={"e1": socket}))
    return server, websocket, socket


def test_a_frame_goes_out_at_once_when_nothing_is_queued_or_being_written():
    server, websocket, _socket = _server(FrameGate(FakeSocket()))
    assert _write_now(server, "e1", '42/auction,["standings",{"seq":7}]')
    assert websocket.sent == ['42/auction,["standings",{"seq":7}]']


def test_a_frame_queues_behind_an_older_one_still_queued():
    server, websocket, socket = _server(FrameGate(FakeSocket()))
    socket.queue.put("older")
    assert not _write_now(server, "e1", "newer")
    assert websocket.sent == []


def test_a_frame_queues_while_another_is_being_written():
    gate = FrameGate(FakeSocket())
    gate.busy = 1
    server, websocket, _socket = _server(gate)
    assert not _write_now(server, "e1", "newer")
    assert websocket.sent == []


def test_connections_without_a_gate_always_queue():
    """The threading server (tests, `flask run`) and long-polling clients have no gate."""
    server, websocket, _socket = _server(None)
    assert not _write_now(server, "e1", "frame")
    server.environ["e1"] = {}
    assert not _write_now(server, "e1", "frame")
    assert websocket.sent == []
