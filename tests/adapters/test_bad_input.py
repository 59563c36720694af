"""Bad input never becomes a 5xx (issue 17, point 11): dates far away, ids past the database's
range, control characters, oversized bodies and wrong shapes are refused with the contract's
errors, in Dutch, and change nothing. On PostgreSQL too, which refuses what SQLite stores."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import Bid, Request
from tests.support.steps import close, logged_in
from tests.support.world import request_payload

pytestmark = pytest.mark.every_backend


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def refused(resp, field: str) -> None:
    assert resp.status_code == 422, resp.get_data(as_text=True)
    error = resp.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"], error


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, field", [
    ({"opens_at": "0001-01-01T00:00"}, "opens_at"),  # no UTC moment: was a 500
    ({"closes_at": "9999-12-31T23:59-12:00"}, "closes_at"),  # idem
    ({"opens_at": "0001-01-01T00:00+00:00"}, "opens_at"),
    ("two years", "opens_at"),  # a window within a year of now
    ({"start_date": "9999-12-31"}, "start_date"),  # a start within five years
    ({"start_date": "0001-01-01"}, "start_date"),
    ({"client": {"name": "Truus", "date_of_birth": "0001-01-01"}}, "client.date_of_birth"),
])
def test_dates_far_away_are_refused_and_create_nothing(api, app, clock, change, field):
    if change == "two years":
        change = {"opens_at": (clock.now + timedelta(days=730)).isoformat(),
                  "closes_at": (clock.now + timedelta(days=731)).isoformat()}
    before = count(app, Request)
    refused(api.post("/api/v1/requests", request_payload(clock.now, **change), as_="consulent"), field)
    assert count(app, Request) == before


def test_dates_near_the_edges_are_accepted(api, clock):
    body = request_payload(clock.now, start_date=(clock.now + timedelta(days=4 * 365)).date().isoformat(),
                           opens_at=(clock.now + timedelta(days=300)).isoformat(),
                           closes_at=(clock.now + timedelta(days=301)).isoformat())
    assert api.post("/api/v1/requests", body, as_="consulent").status_code == 201


def test_a_bid_starting_in_the_year_9999_is_refused(api, app, clock, open_request, bid):
    request_id = open_request()
    refused(bid(request_id, "aanbieder1", 100000, start_date="9999-12-31"), "start_date")
    refused(bid(request_id, "aanbieder1", 100000, start_date=(clock.now + timedelta(days=6 * 366)).date()
                .isoformat()), "start_date")
    assert count(app, Bid) == 0
    assert bid(request_id, "aanbieder1", 100000, start_date=(clock.now + timedelta(days=60)).date()
               .isoformat()).status_code == 201


def test_a_reopen_far_away_is_refused(api, app, clock, open_request):
    request_id = open_request()
    close(app, clock, request_id)
    resp = api.post(f"/api/v1/requests/{request_id}/reopen", {"opens_at": "0001-01-01T00:00",
                                                               "closes_at": "9999-12-31T23:59-12:00"},
                    as_="consulent")
    refused(resp, "opens_at")
    assert "closes_at" in resp.get_json()["error"]["fields"]


# --- ids -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("request_id", [2**31, 2**63, 10**20])
@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/requests/{}"),
    ("get", "/api/v1/requests/{}/offers"),
    ("get", "/api/v1/requests/{}/award"),
    ("post", "/api/v1/requests/{}/publish"),
    ("post", "/api/v1/requests/{}/bids"),
])
def test_an_id_past_the_database_range_is_not_found(api, method, path, request_id):
    resp = getattr(api, method)(path.format(request_id), as_="consulent")
    assert resp.status_code == 404, resp.get_data(as_text=True)
    assert resp.get_json()["error"]["code"] == "not_found"


def test_a_page_with_an_id_past_the_database_range_is_not_found(app):
    browser = logged_in(app, "consulent")
    resp = browser.get(f"/consulent/aanvragen/{2**63}")
    assert resp.status_code == 404
    assert "bestaat niet" in resp.get_data(as_text=True)


def test_a_bid_id_past_the_database_range_is_a_validation_error(api, app, clock, open_request, bid):
    request_id = open_request()
    assert bid(request_id, "aanbieder1", 100000).status_code == 201
    close(app, clock, request_id)
    for huge in (2**31, 2**70):
        refused(api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": huge, "on_behalf_of_client": True},
                         as_="consulent"), "bid_id")
        refused(api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": huge}, as_="consulent"), "bid_id")


# --- text ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, field", [
    ({"description": "Hulp\x00bij administratie"}, "description"),
    ({"description": "Hulp\x1bbij administratie"}, "description"),
    ({"client": {"name": "Truus\x00"}}, "client.name"),
    ({"client": {"name": "Truus", "notes": "a\x07b"}}, "client.notes"),
    ({"description": "x" * 4001}, "description"),
])
def test_control_characters_and_overlong_text_are_refused(api, app, clock, change, field):
    before = count(app, Request)
    refused(api.post("/api/v1/requests", request_payload(clock.now, **change), as_="consulent"), field)
    assert count(app, Request) == before


def test_tabs_and_newlines_are_text(api, clock):
    body = request_payload(clock.now, description="Hulp bij:\n\t- administratie\r\n\t- dagstructuur")
    assert api.post("/api/v1/requests", body, as_="consulent").status_code == 201


def test_a_bid_with_control_characters_is_refused(api, app, open_request, bid):
    request_id = open_request()
    refused(bid(request_id, "aanbieder1", 100000, approach="Plan\x00"), "approach")
    refused(bid(request_id, "aanbieder1", 100000, idempotency_key="k\x00"), "idempotency_key")
    refused(bid(request_id, "aanbieder1", 100000, approach="x" * 4001), "approach")
    assert count(app, Bid) == 0


def test_a_token_request_with_a_nul_in_the_email_is_refused_as_bad_credentials(api):
    resp = api.post("/api/v1/tokens", {"email": "consulent@lelystad.example\x00", "password": "x"})
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "invalid_credentials"


def test_a_cancel_reason_and_an_award_motivation_are_bounded(api, open_request):
    request_id = open_request()
    refused(api.post(f"/api/v1/requests/{request_id}/cancel", {"reason": "Verhuisd\x00"}, as_="consulent"),
            "reason")
    refused(api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": 1, "motivation": "x" * 4001},
                     as_="consulent"), "motivation")


# --- shapes and sizes ------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [{}, [], {"a": 1}, ["administratie_financien"], 12])
def test_a_result_area_code_of_the_wrong_type_is_a_validation_error(api, app, clock, code):
    body = request_payload(clock.now, result_areas=[{"code": code, "complexity": "midden"}])
    refused(api.post("/api/v1/requests", body, as_="consulent"), "result_areas")


def test_a_body_over_the_cap_is_payload_too_large(api, app, clock):
    body = request_payload(clock.now, description="x" * (70 * 1024))
    resp = api.post("/api/v1/requests", body, as_="consulent")
    assert resp.status_code == 413
    error = resp.get_json()["error"]
    assert error["code"] == "payload_too_large" and "64 KiB" in error["message"]
    assert count(app, Request) == 0


def test_a_chunked_body_over_the_cap_is_payload_too_large(api):
    # Chunked, so no length up front: Werkzeug stops reading at the cap without a word.
    body = b'{"description": "' + b"x" * (70 * 1024) + b'"}'
    resp = api.client.post("/api/v1/requests", data=body, content_type="application/json",
                           headers={**api.headers("consulent"), "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert resp.status_code == 413 and resp.get_json()["error"]["code"] == "payload_too_large"


def test_json_nested_too_deep_is_a_validation_error(api):
    resp = api.client.post("/api/v1/requests", data="[" * 30_000 + "]" * 30_000,
                           headers={**api.headers("consulent"), "Content-Type": "application/json"})
    refused(resp, "body")


def test_a_whole_number_written_as_a_decimal_is_a_whole_number(api, clock):
    body = request_payload(clock.now, duration_weeks=26.0, max_price_cents=150000.0)
    assert api.post("/api/v1/requests", body, as_="consulent").status_code == 201
    refused(api.post("/api/v1/requests", request_payload(clock.now, duration_weeks=26.5), as_="consulent"),
            "duration_weeks")


# --- Werkzeug's errors in our words ----------------------------------------------------------------

def test_an_unknown_api_path_answers_in_our_words(api):
    resp = api.get("/api/v1/bestaat-niet", as_="consulent")
    assert resp.status_code == 404
    assert resp.get_json() == {"error": {"code": "not_found", "message": "Dit adres bestaat niet."}}


def test_a_wrong_method_answers_in_our_words_and_says_what_is_allowed(api):
    resp = api.client.put("/api/v1/requests", headers=api.headers("consulent"))
    assert resp.status_code == 405
    error = resp.get_json()["error"]
    assert error["code"] == "method_not_allowed" and "kan op dit adres niet" in error["message"]
    assert set(resp.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


@pytest.mark.parametrize("data, content_type", [
    ("{", "application/json"),
    ("a=b", "application/x-www-form-urlencoded"),
    ("\xff\xfe", "application/json"),
])
def test_a_body_that_is_not_json_is_a_validation_error(api, data, content_type):
    resp = api.client.post("/api/v1/requests", data=data, content_type=content_type,
                           headers=api.headers("consulent"))
    refused(resp, "body")


# --- the consultant's form goes through the same rules ------------------------------------------

@pytest.mark.parametrize("change, message", [
    ({"opens_at": "0001-01-01T00:00"}, "Dit tijdstip ligt te ver in het verleden of de toekomst."),
    ({"closes_at": "9999-12-31T23:59"}, "Moet tussen"),
    ({"start_date": "9999-12-31"}, "Moet tussen"),
    ({"description": "Hulp\x00"}, "Mag geen stuurtekens bevatten"),
    ({"duration_weeks": "9" * 5000}, "Vul een heel getal in"),
])
def test_the_new_request_form_refuses_bad_input_on_the_page(app, clock, change, message):
    from marketplace.models import Gemeente, ResultArea
    from marketplace.ui.formatting import local_input
    with app.app_context():
        area = db.session.scalar(sa.select(ResultArea.id).join(Gemeente, Gemeente.id == ResultArea.gemeente_id)
                                 .where(Gemeente.name == "Lelystad", ResultArea.code == "administratie_financien"))
    data = {"category": "begeleiding_individueel", f"area_{area}": "midden", "region": "823",
            "start_date": (clock.now + timedelta(days=30)).date().isoformat(), "duration_weeks": "26",
            "opens_at": local_input(clock.now), "closes_at": local_input(clock.now + timedelta(hours=1)),
            "visibility": "open", "min_step": "1,00", "soft_close_seconds": "120",
            "max_extension_seconds": "1800", "client_name": "Truus Formulier", **change}
    resp = logged_in(app, "consulent").post("/consulent/aanvragen/nieuw", data=data)
    assert resp.status_code == 422, resp.status_code
    assert message in resp.get_data(as_text=True)
    assert count(app, Request) == 0
