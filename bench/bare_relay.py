"""The baseline: a bare python-socketio server that only relays, served exactly like Zorgbod
(gunicorn, one gevent-websocket worker per process).

No database, no rules, no per-viewer views: `join` puts the sid in the request's room and
acks a standings-like payload; `bid` takes the next seq for that room, emits ONE
standings-like payload to the whole room and acks it. With BARE_REDIS_URL set (the
scale-out comparison) rooms span processes through python-socketio's RedisManager and the
seq comes from Redis INCR, so it is shared by the processes like Zorgbod's is by the
database.

    gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 \
        -b 127.0.0.1:PORT bench.bare_relay:app
"""
import json
import os
from datetime import datetime, timezone

import socketio

NAMESPACE = "/auction"
REDIS_URL = os.environ.get("BARE_REDIS_URL") or None
CHANNEL = os.environ.get("BARE_CHANNEL", "bench-bare")

manager = socketio.RedisManager(REDIS_URL, channel=CHANNEL) if REDIS_URL else None
sio = socketio.Server(async_mode="gevent", client_manager=manager, logger=False, engineio_logger=False)

_seq: dict[int, int] = {}
_ladders: dict[int, dict[str, int]] = {}  # room -> {sid: last price}: a ladder-sized payload
_redis = None
if REDIS_URL:
    import redis
    _redis = redis.Redis.from_url(REDIS_URL)


def _room(request_id: int) -> str:
    return f"request:{request_id}"


def _next_seq(request_id: int) -> int:
    if _redis is not None:
        return int(_redis.incr(f"{CHANNEL}:seq:{request_id}"))
    _seq[request_id] = _seq.get(request_id, 0) + 1
    return _seq[request_id]


def _current_seq(request_id: int) -> int:
    if _redis is not None:
        return int(_redis.get(f"{CHANNEL}:seq:{request_id}") or 0)
    return _seq.get(request_id, 0)


def _standings(request_id: int, seq: int) -> dict:
    ladder = sorted(_ladders.get(request_id, {}).values())
    return {
        "request_id": request_id,
        "status": "open",
        "server_time": datetime.now(timezone.utc).isoformat(),
        "bidder_count": len(ladder),
        "seq": seq,
        "best_price_cents": ladder[0] if ladder else None,
        "ladder": [{"label": chr(65 + i % 26), "price_cents": p, "rank": i + 1} for i, p in enumerate(ladder)],
    }


@sio.on("connect", namespace=NAMESPACE)
def connect(sid, environ, auth=None):
    return True


@sio.on("join", namespace=NAMESPACE)
def join(sid, data):
    request_id = data.get("request_id") if isinstance(data, dict) else None
    if not isinstance(request_id, int):
        return {"ok": False, "error": {"code": "validation_error"}}
    sio.enter_room(sid, _room(request_id), namespace=NAMESPACE)
    return {"ok": True, "standings": _standings(request_id, _current_seq(request_id))}


@sio.on("bid", namespace=NAMESPACE)
def bid(sid, data):
    request_id = data.get("request_id") if isinstance(data, dict) else None
    price = data.get("price_cents") if isinstance(data, dict) else None
    if not isinstance(request_id, int) or not isinstance(price, int):
        return {"ok": False, "error": {"code": "validation_error"}}
    _ladders.setdefault(request_id, {})[sid] = price
    seq = _next_seq(request_id)
    standings = _standings(request_id, seq)
    sio.emit("standings", standings, to=_room(request_id), namespace=NAMESPACE)
    return {"ok": True, "bid": {"price_cents": price}, "standings": standings}


def _other(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path in ("/healthz", "/readyz"):
        body = b'{"status": "ok"}'
    elif path.startswith("/seqs"):
        # The bench asks for each room's final seq after the run (lost-update accounting).
        query = environ.get("QUERY_STRING", "")
        ids = [int(x) for x in query.partition("=")[2].split(",") if x.strip().isdigit()]
        body = json.dumps({str(i): _current_seq(i) for i in ids}).encode()
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


app = socketio.WSGIApp(sio, _other)
