"""Steps the API tests of an assignment and its survey share (tests/adapters/test_assignment_api.py,
test_survey_api.py): the days as the server counts them, the assignment's URL, the contract's error
checked, what a refusal must leave as it was, a beheerder's and a client's token, and a request
awarded and started over the API."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from marketplace.extensions import db
from marketplace.privacy import detection
from tests.support.accounts import ensure_admin
from tests.support.followup import footprint

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WINNER, LOSER = "aanbieder2", "aanbieder1"  # the adapters' awarded_request: Zorg Twee won
ANSWERS = {"tevreden": 4, "past": 5, "zelf": 3, "respect": 5, "afspraken": 4, "beter": 4}


def scan_with_patterns_only(monkeypatch) -> None:
    """The comment is scanned with the exact patterns only: whether deduce finds a name is the
    detector's own tests' question, and loading it costs a gigabyte."""
    monkeypatch.setattr(detection, "scanner", lambda _wait: detection.patterns_only)


def admin_token(app, api) -> str:
    """The Lelystad beheerder, signed in over the API; the name to call as."""
    with app.app_context():
        ensure_admin(db.session)
    resp = api.client.post("/api/v1/tokens", json={"email": "beheer@lelystad.example", "password": "test-wachtwoord"})
    api.use_token("beheer", resp.get_json()["token"])
    return "beheer"


def today(clock) -> str:
    return clock.now.astimezone(AMSTERDAM).date().isoformat()


def day(clock, days: int) -> str:
    return (clock.now.astimezone(AMSTERDAM).date() + timedelta(days=days)).isoformat()


def advance(api, clock, days: int) -> None:
    """Move the server's clock on by days; the tokens of before have expired by then."""
    clock.advance(days * 86400)
    api.tokens.clear()


def url(request_id: int, rest: str = "") -> str:
    return f"/api/v1/requests/{request_id}/assignment{rest}"


def error(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.get_json()
    body = resp.get_json()["error"]
    assert body["code"] == code and body["message"]
    return body


def unchanged(app, request_id):
    with app.app_context():
        return footprint(request_id)


def starting(api, clock, awarded_request):
    """Factory: awarded to aanbieder2, started today by it; the id."""
    def make(**overrides) -> int:
        request_id = awarded_request(**overrides)
        resp = api.post(url(request_id, "/start"), {"started_on": today(clock)}, as_=WINNER)
        assert resp.status_code == 200, resp.get_json()
        return request_id
    return make


def client_token(api, request_id: int, name: str = "client") -> str:
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent")
    assert code.status_code == 201, code.get_json()
    token = api.client.post("/api/v1/tokens", json={"client_code": code.get_json()["code"]})
    assert token.status_code == 201 and token.get_json()["role"] == "client"
    api.use_token(name, token.get_json()["token"])
    return name
