"""Clients of a running Zorgbod: the JSON API, an open request made through it, a Socket.IO viewer."""
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests
import socketio

NAMESPACE = "/auction"
# Demo accounts (`flask demo-data`), as (e-mail, password).
CONSULTANT = ("consulent@lelystad.example", "demo-consulent")
AANBIEDER1 = ("aanbieder1@zorg.example", "demo-aanbieder")
AANBIEDER2 = ("aanbieder2@zorg.example", "demo-aanbieder")


class Api:
    """The JSON API of one web process."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        self.http.trust_env = False  # 127.0.0.1 only, never through a proxy

    def call(self, method: str, path: str, token: str | None = None, json=None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, f"{self.url}{path}", json=json, headers=headers, timeout=10)

    def token(self, account: tuple[str, str]) -> str:
        email, password = account
        resp = self.call("POST", "/api/v1/tokens", json={"email": email, "password": password})
        assert resp.status_code == 201, resp.text
        return resp.json()["token"]

    def bid(self, token: str, request_id: int, price_cents: int) -> requests.Response:
        return self.call("POST", f"/api/v1/requests/{request_id}/bids", token, bid_body(price_cents))

    def request(self, token: str, request_id: int) -> dict:
        resp = self.call("GET", f"/api/v1/requests/{request_id}", token)
        assert resp.status_code == 200, resp.text
        return resp.json()


def bid_body(price_cents: int) -> dict:
    start = (datetime.now(timezone.utc) + timedelta(days=30)).date()
    return {"price_cents": price_cents, "start_date": start.isoformat(),
            "approach": "Vaste begeleider, wekelijks contact.", "idempotency_key": str(uuid.uuid4())}


def publish_window(api: Api, consultant_token: str, seconds: float, soft_close: int = 0,
                   max_extension: int = 1800, client_name: str = "Truus Testcliënt",
                   address: str = "Teststraat 1, 8232 AA Lelystad", client: dict | None = None,
                   description: str = "Hulp bij administratie en dagstructuur.") -> tuple[int, datetime]:
    """A request whose window is open now and closes `seconds` from now, with no soft close
    unless asked; `client` replaces the default client's details whole."""
    now = datetime.now(timezone.utc)
    body = {
        "category": "begeleiding_individueel",
        "result_areas": [{"code": "administratie_financien", "complexity": "midden"}],
        "region": "823", "start_date": (now + timedelta(days=30)).date().isoformat(), "duration_weeks": 26,
        "max_price_cents": 150000, "floor_price_cents": 60000,
        "description": description,
        "opens_at": now.isoformat(), "closes_at": (now + timedelta(seconds=seconds)).isoformat(),
        "visibility": "open", "min_step_cents": 100, "soft_close_seconds": soft_close,
        "max_extension_seconds": max_extension,
        "client": client or {"name": client_name, "bsn": "111222333", "address": address, "phone": "06-11112222"},
    }
    created = api.call("POST", "/api/v1/requests", consultant_token, body)
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    published = api.call("POST", f"/api/v1/requests/{request_id}/publish", consultant_token)
    assert published.status_code == 200 and published.json()["status"] == "open", published.text
    closes_at = datetime.fromisoformat(api.request(consultant_token, request_id)["closes_at"])
    return request_id, closes_at


class LiveView:
    """A Socket.IO client on /auction, as an open browser tab: it records every `standings`
    and `closed` event it hears. It does not reconnect by itself; a test opens a new one."""

    def __init__(self, url: str, token: str):
        self.standings: list[dict] = []
        self.closed: list[tuple[float, dict]] = []  # (time.time() on arrival, payload)
        self.last_seq = 0
        self._heard = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("standings", self._on_standings, namespace=NAMESPACE)
        self.client.on("closed", self._on_closed, namespace=NAMESPACE)
        self.client.connect(url, auth={"token": token}, namespaces=[NAMESPACE], transports=["websocket"],
                            wait_timeout=10)

    def _on_standings(self, data):
        with self._heard:
            self.standings.append(data)
            self.last_seq = max(self.last_seq, data.get("seq", 0))
            self._heard.notify_all()

    def _on_closed(self, data):
        with self._heard:
            self.closed.append((time.time(), data))
            self._heard.notify_all()

    def _saw(self, standings: dict) -> dict:
        with self._heard:
            self.last_seq = max(self.last_seq, standings.get("seq", 0))
        return standings

    def join(self, request_id: int) -> dict:
        """Join the request's room; returns the standings of the ack."""
        ack = self.client.call("join", {"request_id": request_id}, namespace=NAMESPACE, timeout=10)
        assert ack.get("ok"), ack
        return self._saw(ack["standings"])

    def bid(self, request_id: int, price_cents: int) -> dict:
        """Bid over the socket; returns the ack's standings."""
        ack = self.client.call("bid", {"request_id": request_id, **bid_body(price_cents)}, namespace=NAMESPACE,
                               timeout=10)
        assert ack.get("ok"), ack
        return self._saw(ack["standings"])

    def wait_for_standings(self, predicate, timeout: float = 5.0) -> dict:
        """The first standings heard that satisfy predicate (already heard or still to come)."""
        deadline = time.monotonic() + timeout
        with self._heard:
            while True:
                match = next((s for s in self.standings if predicate(s)), None)
                if match is not None:
                    return match
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching standings within {timeout} s; heard: {self.standings}")
                self._heard.wait(left)

    def wait_closed(self, timeout: float) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        with self._heard:
            while not self.closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no `closed` event within {timeout:.0f} s")
                self._heard.wait(left)
            return self.closed[0]

    @property
    def connected(self) -> bool:
        return self.client.connected

    def close(self) -> None:
        try:
            self.client.disconnect()
        except Exception:  # already gone with its server
            pass
