"""The promise to the client, end to end on a real server: providers compete on the need, not
on who the client is. A whole auction runs against gunicorn as `make run` serves it (SQLite,
embedded scheduler) with three providers over the JSON API, Socket.IO and their own pages.
Everything a provider received before the award, and every line the server wrote, is kept;
none of it may hold the client's name, BSN, street, phone or date of birth. After the award
the winner sees who to contact; the two others never do."""
import random
import re
import string
import time

import pytest
import requests

from tests.support.processes import (
    AANBIEDER1,
    AANBIEDER2,
    CONSULTANT,
    NAMESPACE,
    Api,
    LiveView,
    Processes,
    bid_body,
    eventually,
    publish_window,
    start_embedded,
)

AANBIEDER3 = ("aanbieder3@zorg.example", AANBIEDER1[1])
WINDOW_SECONDS = 8


def _valid_bsn(rng: random.Random) -> str:
    """Nine digits passing the 11-proef, different on every run."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1)))
        last = total % 11
        if last <= 9:
            return "".join(map(str, digits + [last]))


def _unique_client() -> dict:
    rng = random.Random()
    tag = "".join(rng.choice(string.ascii_lowercase) for _ in range(6))
    return {
        "name": f"Wietske Qx{tag.capitalize()}",
        "bsn": _valid_bsn(rng),
        "address": f"Zuiderzeehof{tag} {rng.randint(100, 999)}, 8232 ZX Lelystad",
        "phone": f"06-{rng.randint(10_000_000, 99_999_999)}",
        "date_of_birth": f"19{rng.randint(20, 49)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
    }


def _secrets(client: dict) -> dict[str, str]:
    """The values that must not leak, plus the forms they could leak in."""
    street = client["address"].split(",")[0]
    return {"name": client["name"], "surname": client["name"].split()[-1], "bsn": client["bsn"],
            "bsn dotted": f"{client['bsn'][:4]}.{client['bsn'][4:6]}.{client['bsn'][6:]}",
            "street": street, "phone": client["phone"], "phone digits": client["phone"].replace("-", ""),
            "date of birth": client["date_of_birth"]}


def _leaks(text: str, secrets: dict[str, str]) -> list[str]:
    return [what for what, value in secrets.items() if value.lower() in text.lower()]


class Browser:
    """A provider's logged-in page session (the HTML pages, not the API)."""

    def __init__(self, url: str, account: tuple[str, str]):
        self.url = url
        self.http = requests.Session()
        self.http.trust_env = False
        page = self.http.get(f"{url}/inloggen", timeout=10).text
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) \
            or re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        resp = self.http.post(f"{url}/inloggen", data={"csrf_token": csrf.group(1), "email": account[0],
                                                      "password": account[1]}, timeout=10)
        assert resp.status_code == 200 and "/inloggen" not in resp.url, resp.text[:500]

    def get(self, path: str) -> str:
        resp = self.http.get(f"{self.url}{path}", timeout=10)
        assert resp.status_code in (200, 404), (path, resp.status_code)
        return resp.text


@pytest.fixture
def server(request, tmp_path):
    with Processes(request, tmp_path) as processes:
        # LOG_LEVEL=DEBUG: the most the server would ever write.
        web = start_embedded(processes, tmp_path, "privacy-test", LOG_LEVEL="DEBUG")
        yield web


def test_no_provider_sees_who_the_client_is_before_award_and_only_the_winner_after(server, tmp_path):
    api = Api(server.url)
    client = _unique_client()
    secrets = _secrets(client)
    consultant = api.token(CONSULTANT)
    accounts = [AANBIEDER1, AANBIEDER2, AANBIEDER3]
    providers = [api.token(account) for account in accounts]
    received: list[tuple[str, str]] = []  # (what, body) a provider received before award

    def provider_call(i: int, method: str, path: str, json=None) -> requests.Response:
        resp = api.call(method, path, providers[i], json)
        received.append((f"provider {i + 1} {method} {path}", resp.text))
        return resp

    request_id, _closes_at = publish_window(
        api, consultant, WINDOW_SECONDS, client=client,
        description="Hulp bij het ordenen van post en rekeningen, twee keer per week.")
    # The consultant may read the client's details; that read must not reach a provider either.
    assert api.call("GET", f"/api/v1/requests/{request_id}", consultant).status_code == 200

    pages = [Browser(server.url, account) for account in accounts]
    sockets = [LiveView(server.url, token) for token in providers]
    other_events: list[tuple[str, str]] = []  # any event besides standings and closed
    for i, socket in enumerate(sockets):
        socket.client.on("*", lambda event, data=None, i=i: other_events.append((f"provider {i + 1} {event}", repr(data))),
                         namespace=NAMESPACE)
    try:
        for socket in sockets:
            socket.join(request_id)
        for i in range(3):
            provider_call(i, "GET", "/api/v1/requests")
            provider_call(i, "GET", f"/api/v1/requests/{request_id}")
        assert provider_call(0, "POST", f"/api/v1/requests/{request_id}/bids", bid_body(120000)).status_code == 201
        assert provider_call(1, "POST", f"/api/v1/requests/{request_id}/bids", bid_body(110000)).status_code == 201
        sockets[2].bid(request_id, 100000)  # the winner bids over Socket.IO
        assert provider_call(0, "POST", f"/api/v1/requests/{request_id}/bids", bid_body(105000)).status_code == 201
        for i, page in enumerate(pages):
            for path in ("/aanbieder/aanvragen", f"/aanbieder/aanvragen/{request_id}", "/inbox", "/aanbieder/status"):
                received.append((f"provider {i + 1} page {path}", page.get(path)))
        for socket in sockets:
            socket.wait_closed(timeout=WINDOW_SECONDS + 15)
        for i in range(3):
            provider_call(i, "GET", f"/api/v1/requests/{request_id}")
            provider_call(i, "GET", f"/api/v1/requests/{request_id}/award")
            received.append((f"provider {i + 1} page after close", pages[i].get(f"/aanbieder/aanvragen/{request_id}")))

        offers = api.call("GET", f"/api/v1/requests/{request_id}/offers", consultant).json()["offers"]
        lowest = min(offers, key=lambda o: o["price_cents"])
        chose = api.call("POST", f"/api/v1/requests/{request_id}/choice", consultant,
                         {"bid_id": lowest["bid_id"], "on_behalf_of_client": True})
        assert chose.status_code == 200, chose.text
        for i in range(3):
            received.append((f"provider {i + 1} page after choice", pages[i].get(f"/aanbieder/aanvragen/{request_id}")))
        for socket in sockets:
            received += [(f"socket standings seq {s.get('seq')}", repr(s)) for s in socket.standings]
            received += [("socket closed", repr(payload)) for _t, payload in socket.closed]
        received += other_events

        assert len(received) > 40, "the test collected too little to prove anything"
        leaked = [(what, _leaks(body, secrets)) for what, body in received if _leaks(body, secrets)]
        assert not leaked, f"client data reached a provider before award: {leaked}"

        awarded = api.call("POST", f"/api/v1/requests/{request_id}/award", consultant, {"bid_id": lowest["bid_id"]})
        assert awarded.status_code == 200, awarded.text
        # The standings broadcast of the award is something every provider receives too.
        eventually(lambda: all(any(s.get("status") == "awarded" for s in socket.standings) for socket in sockets),
                   10, "every provider heard of the award")

        winner = api.call("GET", f"/api/v1/requests/{request_id}/award", providers[2])
        assert winner.status_code == 200, winner.text
        assert winner.json()["client"]["name"] == client["name"]
        assert winner.json()["client"]["address"] == client["address"]
        assert winner.json()["client"]["phone"] == client["phone"]
        assert "bsn" not in winner.json()["client"], "the provider has no need for the BSN"
        winner_page = pages[2].get(f"/aanbieder/aanvragen/{request_id}")
        assert client["name"] in winner_page and client["phone"] in winner_page

        after = []
        for i in (0, 1):
            resp = api.call("GET", f"/api/v1/requests/{request_id}/award", providers[i])
            assert resp.status_code == 404, resp.text
            after += [(f"loser {i + 1} award", resp.text), (f"loser {i + 1} request", api.call(
                "GET", f"/api/v1/requests/{request_id}", providers[i]).text)]
            for path in (f"/aanbieder/aanvragen/{request_id}", "/aanbieder/aanvragen", "/inbox"):
                after.append((f"loser {i + 1} page {path}", pages[i].get(path)))
            after += [(f"loser {i + 1} socket", repr(s)) for s in sockets[i].standings]
        leaked = [(what, _leaks(body, secrets)) for what, body in after if _leaks(body, secrets)]
        assert not leaked, f"client data reached a provider that was not chosen: {leaked}"
    finally:
        for socket in sockets:
            socket.close()

    time.sleep(0.5)  # the last access-log lines
    log = server.log_text()
    assert f"/api/v1/requests/{request_id}/award" in log, "the server's log was not captured"
    assert not _leaks(log, secrets), f"the server wrote client data to its log: {_leaks(log, secrets)}"
    setup_log = (tmp_path / "setup.log").read_text(errors="replace")
    assert not _leaks(setup_log, secrets)
