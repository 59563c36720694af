"""The beheerder's API: the catalogue with its tariff table read and replaced whole (a round trip;
bad input answered 422 with its fields and nothing changed), the settings, the failed e-mail; only
the gemeente's own beheerder (others 403, another gemeente's beheerder sees only its own); and a
new request over the API priced from the table."""
import copy

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import AuditEvent, EmailOutbox, Gemeente
from tests.support.admin import add_admins, add_tariffs, api_login
from tests.support.world import request_payload


@pytest.fixture
def admin_api(app, api):
    add_admins(app)
    api_login(api, "beheer")
    api_login(api, "beheer_dronten")
    return api


def put(api, path, body, as_):
    return api.client.put(path, json=body, headers=api.headers(as_))


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


def test_the_catalogue_round_trip(admin_api):
    got = admin_api.get("/api/v1/catalogue", as_="beheer")
    assert got.status_code == 200
    document = got.get_json()
    assert set(document) == {"categories", "result_areas", "complexity_levels", "minimum_requirements",
                             "tariffs", "floor_percent"}
    assert put(admin_api, "/api/v1/catalogue", document, "beheer").get_json() == document

    changed = copy.deepcopy(document)
    changed["result_areas"].append({"code": "mantelzorg_ontlasten", "name": "Ontlasten van de mantelzorger"})
    changed["tariffs"] = [{"result_area": "mantelzorg_ontlasten", "complexity": "licht", "price_cents": 42_000},
                          {"result_area": "administratie_financien", "complexity": "midden", "price_cents": 150_000}]
    changed["floor_percent"] = 50
    answer = put(admin_api, "/api/v1/catalogue", changed, "beheer")
    assert answer.status_code == 200
    stored = answer.get_json()
    assert stored == admin_api.get("/api/v1/catalogue", as_="beheer").get_json()
    assert stored["result_areas"][-1]["active"] is True and stored["floor_percent"] == 50
    assert {(t["result_area"], t["price_cents"]) for t in stored["tariffs"]} == {
        ("mantelzorg_ontlasten", 42_000), ("administratie_financien", 150_000)}


def tariff(price):
    return [{"result_area": "administratie_financien", "complexity": "midden", "price_cents": price}]


def duplicate_area(doc):
    doc["result_areas"].append({"code": doc["result_areas"][0]["code"], "name": "Dubbel"})


def last_category_off(doc):
    for category in doc["categories"]:
        category["active"] = False


@pytest.mark.parametrize("change,field", [
    (lambda d: d.update(tariffs=tariff(-100)), "tariffs[0].price_cents"),
    (lambda d: d.update(tariffs=tariff(1499.99)), "tariffs[0].price_cents"),
    (lambda d: d.update(tariffs=tariff("150000")), "tariffs[0].price_cents"),
    (lambda d: d.update(floor_percent=101), "floor_percent"),
    (lambda d: d.update(floor_percent=-1), "floor_percent"),
    (duplicate_area, "result_areas[9].code"),
    (last_category_off, "categories"),
], ids=["negative tariff", "fractional cents", "cents as text", "floor above 100", "floor below 0",
        "duplicate result area code", "last active category retired"])
def test_bad_input_is_422_with_fields_and_changes_nothing(app, admin_api, change, field):
    document = admin_api.get("/api/v1/catalogue", as_="beheer").get_json()
    bad = copy.deepcopy(document)
    bad["categories"][0]["name"] = "Wel gewijzigd?"
    change(bad)
    before = audit_count(app)
    resp = put(admin_api, "/api/v1/catalogue", bad, "beheer")
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"], error
    assert admin_api.get("/api/v1/catalogue", as_="beheer").get_json() == document
    assert audit_count(app) == before


def test_a_body_that_is_no_document(admin_api):
    for body in ([], {"categories": "alles"}, None):
        resp = put(admin_api, "/api/v1/catalogue", body, "beheer")
        assert resp.status_code == 422, body


@pytest.mark.parametrize("who", ["consulent", "aanbieder1", "consulent_dronten"])
@pytest.mark.parametrize("method,path", [("GET", "/api/v1/catalogue"), ("PUT", "/api/v1/catalogue"),
                                         ("GET", "/api/v1/settings"), ("PUT", "/api/v1/settings"),
                                         ("GET", "/api/v1/mail/failed")])
def test_anyone_but_a_beheerder_gets_403(admin_api, who, method, path):
    document = admin_api.get("/api/v1/catalogue", as_="beheer").get_json()
    body = document if path.endswith("catalogue") else {"client_code_hours": 1}
    resp = admin_api.client.open(path, method=method, json=body if method == "PUT" else None,
                                 headers=admin_api.headers(who))
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"
    assert admin_api.get("/api/v1/settings", as_="beheer").get_json()["client_code_hours"] == 72


def test_a_client_token_and_no_token(admin_api, open_request):
    request_id = open_request()
    code = admin_api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    client_token = admin_api.client.post("/api/v1/tokens", json={"client_code": code}).get_json()["token"]
    for path in ("/api/v1/catalogue", "/api/v1/settings", "/api/v1/mail/failed"):
        assert admin_api.client.get(path, headers={"Authorization": f"Bearer {client_token}"}).status_code == 403
        assert admin_api.client.get(path).status_code == 401


def test_each_beheerder_sees_and_changes_only_its_own_gemeente(app, admin_api):
    lelystad = admin_api.get("/api/v1/catalogue", as_="beheer").get_json()
    dronten = copy.deepcopy(admin_api.get("/api/v1/catalogue", as_="beheer_dronten").get_json())
    dronten["categories"][0]["name"] = "Huishoudelijke hulp Dronten"
    assert put(admin_api, "/api/v1/catalogue", dronten, "beheer_dronten").status_code == 200
    assert admin_api.get("/api/v1/catalogue", as_="beheer").get_json() == lelystad
    assert put(admin_api, "/api/v1/settings", {"client_code_hours": 24}, "beheer_dronten").status_code == 200
    assert admin_api.get("/api/v1/settings", as_="beheer").get_json()["client_code_hours"] == 72
    assert admin_api.get("/api/v1/settings", as_="beheer_dronten").get_json()["name"] == "Dronten"


def test_settings_are_read_and_changed(admin_api):
    assert admin_api.get("/api/v1/settings", as_="beheer").get_json() == {
        "name": "Lelystad", "code": "LEL", "client_data_retention_months": 24, "default_visibility": "open",
        "default_soft_close_seconds": 120, "default_max_extension_seconds": 1800, "client_code_hours": 72}
    resp = put(admin_api, "/api/v1/settings", {"default_visibility": "sealed", "default_soft_close_seconds": 0},
               "beheer")
    assert resp.status_code == 200
    assert (resp.get_json()["default_visibility"], resp.get_json()["default_soft_close_seconds"]) == ("sealed", 0)
    bad = put(admin_api, "/api/v1/settings", {"client_code_hours": 0, "default_visibility": "open"}, "beheer")
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"client_code_hours"}
    assert admin_api.get("/api/v1/settings", as_="beheer").get_json()["default_visibility"] == "sealed"


def test_the_failed_mail_of_the_gemeente_only(app, admin_api):
    with app.app_context():
        ids = dict(db.session.execute(sa.select(Gemeente.code, Gemeente.id)).all())
        for gemeente, status, address in (("LEL", "failed", "weg@lelystad.example"), ("LEL", "sent", "ok@x.example"),
                                          ("DRO", "failed", "weg@dronten.example")):
            db.session.add(EmailOutbox(to_address=address, subject="Zorgbod: test", body="-", gemeente_id=ids[gemeente],
                                       status=status, attempts=5, last_error="550 mailbox unavailable"))
        db.session.commit()
    messages = admin_api.get("/api/v1/mail/failed", as_="beheer").get_json()["messages"]
    assert [(m["to"], m["last_error"], m["attempts"]) for m in messages] == [
        ("weg@lelystad.example", "550 mailbox unavailable", 5)]


def test_a_new_request_over_the_api_is_priced_from_the_table(app, admin_api, clock):
    add_tariffs(app)
    body = request_payload(clock.now, max_price_cents=None, floor_price_cents=None)
    created = admin_api.post("/api/v1/requests", body, as_="consulent")
    assert created.status_code == 201, created.get_json()
    got = admin_api.get(f"/api/v1/requests/{created.get_json()['id']}", as_="consulent").get_json()
    assert (got["max_price_cents"], got["floor_price_cents"]) == (150_000, 60_000)

    above = admin_api.post("/api/v1/requests", request_payload(clock.now, max_price_cents=160_000), as_="consulent")
    assert above.status_code == 422 and "max_price_cents" in above.get_json()["error"]["fields"]
    reasoned = request_payload(clock.now, max_price_cents=160_000, max_price_reason="Extra reistijd naar Urk.")
    assert admin_api.post("/api/v1/requests", reasoned, as_="consulent").status_code == 201


def test_a_beheerder_makes_no_requests(admin_api, clock):
    resp = admin_api.post("/api/v1/requests", request_payload(clock.now), as_="beheer")
    assert resp.status_code == 403
    assert admin_api.get("/api/v1/requests", as_="beheer").get_json().get("requests", []) == []
