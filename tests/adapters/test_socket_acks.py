"""Every socket event gets an answer (issue 17, point 11): whatever the payload, and whatever
goes wrong inside, the caller gets an error ack with a contract code, never silence."""
import pytest

from marketplace.extensions import socketio
from marketplace.realtime import events

pytestmark = pytest.mark.every_backend

NS = "/auction"


@pytest.fixture
def socket(app, api):
    client = socketio.test_client(app, namespace=NS, auth={"token": api.token("aanbieder1")})
    assert client.is_connected(NS)
    yield client
    if client.is_connected(NS):
        client.disconnect(NS)


def ack(socket, event, *payload):
    return socket.emit(event, *payload, namespace=NS, callback=True)


@pytest.mark.parametrize("event", ["join", "bid"])
def test_an_id_past_64_bits_is_not_found(socket, open_request, event):
    open_request()
    # 2**64 and more arrive as a float: the packet decoder (orjson) reads such integers so.
    for request_id in (2 ** 31, 2 ** 63, 2 ** 64 - 1, float(2 ** 64 + 1), 1e30, -1):
        answer = ack(socket, event, {"request_id": request_id, "price_cents": 100000,
                                     "start_date": "2027-02-01", "approach": "x", "idempotency_key": "k"})
        assert answer["ok"] is False and answer["error"]["code"] == "not_found", answer


@pytest.mark.parametrize("event", ["join", "bid"])
@pytest.mark.parametrize("payload", ["1", 1, None, [1, 2], True, {"request_id": "1"},
                                     {"request_id": 1.5}, {"request_id": None}, {"request_id": [1]}])
def test_any_payload_gets_an_error_ack(socket, event, payload):
    answer = ack(socket, event, payload)
    assert answer["ok"] is False and answer["error"]["code"] == "validation_error", answer
    assert socket.is_connected(NS)


@pytest.mark.parametrize("event", ["join", "bid"])
def test_an_event_without_a_payload_gets_an_error_ack(socket, event):
    answer = ack(socket, event)
    assert answer["ok"] is False and answer["error"]["code"] == "validation_error"


def test_a_bid_with_wrong_field_types_gets_an_error_ack(socket, open_request):
    request_id = open_request()
    answer = ack(socket, "bid", {"request_id": request_id, "price_cents": {"x": 1}, "start_date": 5,
                                 "approach": ["x"], "idempotency_key": 7})
    assert answer["ok"] is False and answer["error"]["code"] == "validation_error"


def test_an_unknown_event_gets_an_error_ack(socket):
    answer = ack(socket, "steal", {"request_id": 1})
    assert answer["ok"] is False and answer["error"]["code"] == "not_found"


def test_an_unexpected_failure_is_logged_and_answered(socket, open_request, monkeypatch, caplog):
    request_id = open_request()

    def broken(*_args):
        raise RuntimeError("a bug")
    monkeypatch.setattr(events, "get_visible_request", broken)
    monkeypatch.setattr(events.log, "disabled", False)  # alembic's fileConfig turns existing loggers off
    answer = ack(socket, "join", {"request_id": request_id})
    assert answer["ok"] is False and answer["error"]["code"] == "internal_error"
    assert "a bug" in caplog.text
    assert socket.is_connected(NS)
