"""Requests over the API: creating with bad input changes nothing, publishing opens or
schedules, each gemeente sees only its own, providers see only what they may bid on."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.clients import client_data
from marketplace.extensions import db
from marketplace.models import ClientRecord, Request
from tests.support.world import request_payload

pytestmark = pytest.mark.every_backend


def count_requests(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Request))


def test_consultant_creates_a_draft_with_a_reference(api, clock):
    resp = api.post("/api/v1/requests", request_payload(clock.now), as_="consulent")
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["status"] == "draft"
    assert body["reference"].startswith("LEL-")


@pytest.mark.parametrize("change, field", [
    ({"category": "bestaat_niet"}, "category"),
    ({"category": 12}, "category"),
    ({"result_areas": []}, "result_areas"),
    ({"result_areas": [{"code": "administratie_financien", "complexity": "extreem"}]}, "result_areas"),
    ({"region": "82"}, "region"),
    ({"start_date": "31-12-2027"}, "start_date"),
    ({"duration_weeks": "26"}, "duration_weeks"),
    ({"duration_weeks": 0}, "duration_weeks"),
    ({"max_price_cents": 12.5}, "max_price_cents"),
    ({"floor_price_cents": 200000}, "floor_price_cents"),  # above the maximum
    ({"visibility": "public"}, "visibility"),
    ({"opens_at": "morgen"}, "opens_at"),
    ({"min_step_cents": True}, "min_step_cents"),
    ({"client": {"name": "X", "bsn": "123456789"}}, "client.bsn"),
    ({"client": None}, "client"),
])
def test_bad_request_input_is_a_validation_error_and_creates_nothing(api, app, clock, change, field):
    before = count_requests(app)
    resp = api.post("/api/v1/requests", request_payload(clock.now, **change), as_="consulent")
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert count_requests(app) == before


def test_closes_at_before_opens_at_is_refused(api, app, clock):
    body = request_payload(clock.now, closes_at=(clock.now - timedelta(minutes=1)).isoformat())
    resp = api.post("/api/v1/requests", body, as_="consulent")
    assert resp.status_code == 422
    assert "closes_at" in resp.get_json()["error"]["fields"]


def test_missing_fields_are_all_named(api, clock):
    resp = api.post("/api/v1/requests", {}, as_="consulent")
    fields = resp.get_json()["error"]["fields"]
    for name in ("category", "result_areas", "region", "start_date", "duration_weeks", "opens_at",
                 "closes_at", "client"):
        assert name in fields


def test_malformed_json_and_non_object_bodies_are_validation_errors(api):
    resp = api.post("/api/v1/requests", as_="consulent", data="{not json", content_type="application/json")
    assert resp.status_code == 422
    resp = api.post("/api/v1/requests", ["a", "list"], as_="consulent")
    assert resp.status_code == 422


def test_unknown_fields_are_ignored(api, clock):
    resp = api.post("/api/v1/requests", request_payload(clock.now, colour="blue"), as_="consulent")
    assert resp.status_code == 201


def test_providers_cannot_create_requests(api, clock):
    resp = api.post("/api/v1/requests", request_payload(clock.now), as_="aanbieder1")
    assert resp.status_code == 403


def test_no_token_is_unauthorized(api):
    resp = api.get("/api/v1/requests")
    assert resp.status_code == 401
    assert resp.get_json()["error"]["code"] == "unauthorized"


def test_publishing_with_opens_at_now_opens_at_once(api, open_request):
    request_id = open_request()
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["status"] == "open"


def test_publishing_a_future_window_schedules_it(api, clock):
    body = request_payload(clock.now, opens_at=(clock.now + timedelta(hours=1)).isoformat(),
                           closes_at=(clock.now + timedelta(hours=2)).isoformat())
    request_id = api.post("/api/v1/requests", body, as_="consulent").get_json()["id"]
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert resp.get_json() == {"status": "scheduled"}


def test_publishing_twice_is_invalid_state(api, open_request):
    request_id = open_request()
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert resp.status_code == 409
    assert resp.get_json()["error"]["code"] == "invalid_state"


def test_publishing_a_window_that_already_closed_is_refused(api, clock):
    body = request_payload(clock.now - timedelta(hours=2),
                           closes_at=(clock.now - timedelta(hours=1)).isoformat())
    request_id = api.post("/api/v1/requests", body, as_="consulent").get_json()["id"]
    resp = api.post(f"/api/v1/requests/{request_id}/publish", as_="consulent")
    assert resp.status_code == 422
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent").get_json()["status"] == "draft"


def test_cancel_needs_a_reason_and_then_cancels(api, open_request, bid):
    request_id = open_request()
    assert api.post(f"/api/v1/requests/{request_id}/cancel", {}, as_="consulent").status_code == 422
    resp = api.post(f"/api/v1/requests/{request_id}/cancel", {"reason": "Cliënt verhuisd"}, as_="consulent")
    assert resp.get_json() == {"status": "cancelled"}
    assert bid(request_id, "aanbieder1", 100000).get_json()["error"]["code"] == "window_closed"


def test_each_gemeente_sees_and_changes_only_its_own_requests(api, open_request):
    request_id = open_request()
    assert api.get(f"/api/v1/requests/{request_id}", as_="consulent_dronten").status_code == 404
    assert api.post(f"/api/v1/requests/{request_id}/cancel", {"reason": "x"},
                    as_="consulent_dronten").status_code == 404
    listed = api.get("/api/v1/requests", as_="consulent_dronten").get_json()["requests"]
    assert request_id not in [r["id"] for r in listed]


def test_a_provider_lists_only_requests_it_is_eligible_for(api, open_request):
    lelystad = open_request()
    huishoudelijk = open_request(category="huishoudelijke_ondersteuning")
    dronten = open_request(as_="consulent_dronten")
    ids = lambda who: {r["id"] for r in api.get("/api/v1/requests", as_=who).get_json()["requests"]}
    assert ids("aanbieder1") == {lelystad, huishoudelijk}
    assert ids("aanbieder4") == {lelystad, huishoudelijk, dronten}  # approved by both gemeenten
    assert ids("aanbieder5") == set()
    assert api.get(f"/api/v1/requests/{lelystad}", as_="aanbieder5").status_code == 404
    assert api.get(f"/api/v1/requests/{dronten}", as_="aanbieder1").status_code == 404


def test_drafts_are_invisible_to_providers(api, clock):
    request_id = api.post("/api/v1/requests", request_payload(clock.now), as_="consulent").get_json()["id"]
    assert api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").status_code == 404


def test_status_filter(api, open_request, clock):
    open_id = open_request()
    api.post("/api/v1/requests", request_payload(clock.now), as_="consulent")
    listed = api.get("/api/v1/requests?status=open", as_="consulent").get_json()["requests"]
    assert [r["id"] for r in listed] == [open_id]
    assert api.get("/api/v1/requests?status=bogus", as_="consulent").status_code == 422


def test_client_data_is_stored_apart_and_never_in_the_request_view(api, app, open_request):
    request_id = open_request()
    for who in ("aanbieder1", "consulent"):
        text = api.get(f"/api/v1/requests/{request_id}", as_=who).get_data(as_text=True)
        for secret in ("Truus", "111222333", "Teststraat", "06-11112222"):
            assert secret not in text
    with app.app_context():
        record = db.session.scalar(sa.select(ClientRecord).where(ClientRecord.request_id == request_id))
        assert "Truus" not in record.sealed
        assert client_data.key_ring().unseal(record.sealed)["name"] == "Truus Testcliënt"


def test_the_view_carries_server_time_and_standings(api, open_request):
    body = api.get(f"/api/v1/requests/{open_request()}", as_="aanbieder1").get_json()
    assert {"status", "opens_at", "closes_at", "server_time", "standings"} <= body.keys()
    assert body["standings"]["bidder_count"] == 0


def test_openapi_documents_the_contract(api):
    spec = api.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ("/tokens", "/requests", "/requests/{id}/bids", "/requests/{id}/award"):
        assert path in spec["paths"]


def test_unknown_api_paths_answer_json_404(api):
    resp = api.get("/api/v1/nothing-here", as_="consulent")
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"
