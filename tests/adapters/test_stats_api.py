"""The steering figures over the API (GET /api/v1/stats and /api/v1/stats.csv): who may call
them and for which gemeente, the filters, the CSV's rows (no client data; the provider only
after award) and bad query parameters answered with the contract's error JSON."""
import csv
import io

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import Organisation
from tests.support import admin
from tests.support.steering_history import History, utc

MARCH = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def march(app):
    """Lelystad in March 2026: an award to Zorg Een, a closed request with two offers of Zorg
    Twee and Drie at one price, a request without offers; Dronten: one award."""
    with app.app_context():
        h = History(db.session)
        won = h.request(utc(2026, 3, 2, 9), offers=[(1, 90000), (2, 95000)], winner=0)
        h.assignment(won, won.awarded_at.date(), won.awarded_at.date(), started=won.awarded_at.date())
        h.request(utc(2026, 3, 5, 9), status="closed", offers=[(2, 70000), (3, 70000)],
                  category="huishoudelijke_ondersteuning")
        h.request(utc(2026, 3, 9, 9), status="no_offers")
        History(db.session, "Dronten").request(utc(2026, 3, 3, 9), offers=[(4, 50000)], winner=0)
        return {"won": won.reference}


def client_token(api, open_request) -> str:
    request_id = open_request()
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    return api.client.post("/api/v1/tokens", json={"client_code": code}).get_json()["token"]


@pytest.mark.parametrize("path", [f"/api/v1/stats?{MARCH}", f"/api/v1/stats.csv?{MARCH}"])
def test_who_may_read_the_figures(app, api, march, open_request, path):
    admin.add_admins(app)
    admin.api_login(api, "beheer")
    api.use_token("client", client_token(api, open_request))
    statuses = {who: api.get(path, as_=who).status_code
                for who in (None, "consulent", "consulent_dronten", "beheer", "aanbieder1", "client")}
    assert statuses == {None: 401, "consulent": 200, "consulent_dronten": 200, "beheer": 200,
                        "aanbieder1": 403, "client": 403}
    refused = api.get(path, as_="aanbieder1").get_json()["error"]
    assert refused["code"] == "forbidden"


@pytest.mark.every_backend
def test_each_gemeente_reads_its_own_figures(app, api, march):
    admin.add_admins(app)
    admin.api_login(api, "beheer")
    lelystad = api.get(f"/api/v1/stats?{MARCH}", as_="consulent").get_json()
    assert lelystad["requests"]["awarded"] == 1 and lelystad["requests"]["closed"] == 1
    assert lelystad["requests"]["no_offers"] == 1
    assert lelystad["offers_per_request"]["mean"] == round(4 / 3, 2) and lelystad["hhi"] == 10_000
    assert lelystad["outcomes"]["median_days_to_start"] == 0
    assert {s["kind"] for s in lelystad["signals"]} == {"identical_prices"}
    assert api.get(f"/api/v1/stats?{MARCH}", as_="beheer").get_json() == lelystad
    dronten = api.get(f"/api/v1/stats?{MARCH}", as_="consulent_dronten").get_json()
    assert dronten["requests"]["awarded"] == 1 and dronten["requests"]["closed"] == 0
    assert [s["name"] for s in dronten["market_shares"]] == ["Zorg Vier"]


def test_the_filters_choose_period_and_category(api, march):
    household = api.get(f"/api/v1/stats?{MARCH}&category=huishoudelijke_ondersteuning", as_="consulent").get_json()
    assert household["period"] == {"from": "2026-03-01", "to": "2026-03-31", "category": "huishoudelijke_ondersteuning"}
    assert sum(household["requests"].values()) == 1 and household["requests"]["closed"] == 1
    april = api.get("/api/v1/stats?from=2026-04-01&to=2026-04-30", as_="consulent").get_json()
    assert sum(april["requests"].values()) == 0 and [m["month"] for m in april["by_month"]] == ["2026-04"]
    whole_year = api.get("/api/v1/stats", as_="consulent").get_json()
    assert len(whole_year["by_month"]) == 12


@pytest.mark.every_backend
def test_the_csv_has_a_row_per_request_and_names_only_the_winner(app, api, march):
    with app.app_context():
        # A provider chooses its own name: a spreadsheet must not run it as a formula.
        db.session.execute(sa.update(Organisation).where(Organisation.name == "Zorg Een")
                           .values(name="=HYPERLINK(\"http://x\")"))
        db.session.commit()
    resp = api.get(f"/api/v1/stats.csv?{MARCH}", as_="consulent")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert len(rows) == 3
    by_status = {r["status"]: r for r in rows}
    awarded = by_status["awarded"]
    assert awarded["reference"] == march["won"] and awarded["provider"] == "'=HYPERLINK(\"http://x\")"
    assert (awarded["awarded_price_cents"], awarded["max_price_cents"], awarded["price_vs_max"]) == (
        "90000", "100000", "0.9000")
    assert awarded["offers"] == "2" and awarded["days_publish_to_award"] == "5.0"
    assert awarded["assignment_status"] == "started" and awarded["days_award_to_start"] == "0"
    closed = by_status["closed"]
    assert closed["provider"] == "" and closed["awarded_price_cents"] == "" and closed["offers"] == "2"
    assert by_status["no_offers"]["offers"] == "0"
    for row in rows:
        assert row["published_at"].startswith("2026-03-") and row["published_at"].endswith("+01:00")


def test_the_csv_holds_no_client_data(api, open_request, bid, march):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    text = api.get("/api/v1/stats.csv", as_="consulent").get_data(as_text=True)
    assert "Truus" not in text and "111222333" not in text and "Teststraat" not in text
    assert text.splitlines()[0].startswith("reference,category,status,published_at")


@pytest.mark.parametrize("query, field", [
    ("from=2026-04-01&to=2026-03-01", "to"),
    ("from=gisteren", "from"),
    ("from=0001-01-01", "from"),
    ("to=9999-12-31", "to"),
    ("category=bestaat_niet", "category"),
    ("category=%00", "category"),
    ("from=2010-01-01&to=2026-01-01", "from"),
])
@pytest.mark.parametrize("path", ["/api/v1/stats", "/api/v1/stats.csv"])
def test_bad_query_parameters_are_a_validation_error(api, path, query, field):
    resp = api.get(f"{path}?{query}", as_="consulent")
    assert resp.status_code == 422, resp.get_data(as_text=True)
    error = resp.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"]


def test_the_openapi_document_describes_both(api):
    paths = api.get("/api/v1/openapi.json").get_json()["paths"]
    stats, as_csv = paths["/stats"]["get"], paths["/stats.csv"]["get"]
    assert [p["name"] for p in stats["parameters"]] == ["from", "to", "category"]
    assert set(stats["responses"]) == {"200", "401", "403", "422", "503"}
    assert "text/csv" in as_csv["responses"]["200"]["content"]
