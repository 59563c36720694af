"""The client's identity sealed at rest: no personal field in the database row, every field back
for the gemeente's consultant, bad client fields refused with nothing written, keys rotated
without losing a record, a wrong or broken key refused plainly (never a traceback, never the
data in a log), and the migration that sealed the plaintext rows."""
import json
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from config import TestConfig
from marketplace import create_app
from marketplace.clients import client_data
from marketplace.extensions import db
from marketplace.models import ClientRecord, Gemeente, Request, ResultArea
from tests.support import world
from tests.support.client_records import CLIENT, NEW_KEY, OLD_KEY, SECRETS, db_dispose
from tests.support.steps import html, logged_in
from tests.support.world import request_payload

# --- sealed at rest ---------------------------------------------------------------------------

def test_the_database_row_holds_no_name_bsn_phone_or_anything_else_personal(app, new_request):
    request_id = new_request()
    with app.app_context():
        rows = db.session.execute(sa.text("SELECT * FROM client_records WHERE request_id = :id"),
                                  {"id": request_id}).mappings().all()
        columns = db.session.execute(sa.text("SELECT name FROM pragma_table_info('client_records')")).scalars().all()
    assert len(rows) == 1
    stored = json.dumps({k: str(v) for k, v in rows[0].items()})
    for secret in SECRETS:
        assert secret not in stored
    assert not {"name", "bsn", "address", "phone"} & set(columns)  # no plaintext column left


def test_the_consultant_sees_every_field_including_birth_date_and_notes(app, new_request):
    request_id = new_request()
    page = html(logged_in(app).post(f"/consulent/aanvragen/{request_id}/clientgegevens"))
    for shown in ("Truus Testcliënt", "111222333", "Teststraat 1", "06-11112222", "2 maart 1948",
                  "Dochter regelt de mantelzorg."):
        assert shown in page


def test_the_form_takes_birth_date_and_notes_and_refuses_an_impossible_birth_date(app, clock, new_request):
    browser = logged_in(app)
    form = html(browser.get("/consulent/aanvragen/nieuw"))
    assert 'name="client_date_of_birth"' in form and 'name="client_notes"' in form
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(ClientRecord))
    with app.app_context():
        area = db.session.scalar(sa.select(ResultArea.id).join(Gemeente, Gemeente.id == ResultArea.gemeente_id)
                                 .where(Gemeente.name == "Lelystad", ResultArea.code == "administratie_financien"))
    data = {"category": "begeleiding_individueel", f"area_{area}": "midden", "region": "823",
            "start_date": (clock.now + timedelta(days=90)).date().isoformat(), "duration_weeks": "26",
            "max_price": "1.500,00", "floor_price": "600",  # the test world's gemeente has no tariff table
            "opens_at": (clock.now + timedelta(days=60)).strftime("%Y-%m-%dT09:00"),
            "closes_at": (clock.now + timedelta(days=62)).strftime("%Y-%m-%dT09:00"), "visibility": "open", "min_step": "1,00",
            "soft_close_seconds": "120", "max_extension_seconds": "1800", "client_name": "Truus Formulier",
            "client_date_of_birth": "2990-01-01", "client_notes": "Belt liever niet na 18 uur."}
    resp = browser.post("/consulent/aanvragen/nieuw", data=data)
    assert resp.status_code == 422
    assert "Deze geboortedatum kan niet kloppen." in html(resp)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClientRecord)) == before
    resp = browser.post("/consulent/aanvragen/nieuw", data={**data, "client_date_of_birth": "1950-05-17"})
    assert resp.status_code == 302
    request_id = int(resp.headers["Location"].rstrip("/").split("/")[-1])
    page = html(browser.post(f"/consulent/aanvragen/{request_id}/clientgegevens"))
    assert "17 mei 1950" in page and "Belt liever niet na 18 uur." in page


@pytest.mark.parametrize("given, field", [
    ({**CLIENT, "date_of_birth": "2-3-1948"}, "client.date_of_birth"),
    ({**CLIENT, "date_of_birth": 19480302}, "client.date_of_birth"),
    ({**CLIENT, "notes": ["geen", "tekst"]}, "client.notes"),
    ({**CLIENT, "notes": "x" * 4001}, "client.notes"),
])
def test_the_api_refuses_bad_client_fields_and_writes_nothing(app, api, clock, given, field):
    resp = api.post("/api/v1/requests", request_payload(clock.now, client=given), as_="consulent")
    assert resp.status_code == 422
    assert field in resp.get_json()["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Request)) == 0


def test_a_key_rotation(app, database_url, new_request):
    """Old key in, new key first: old records still open; after rotate-keys the new key alone does."""
    request_id = new_request()
    with app.app_context():
        old_token = db.session.scalar(sa.select(ClientRecord.sealed).where(ClientRecord.request_id == request_id))

    both = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLIENT_DATA_KEYS=f"{NEW_KEY},{OLD_KEY}"))
    assert "Truus Testcliënt" in html(logged_in(both).post(f"/consulent/aanvragen/{request_id}/clientgegevens"))
    result = both.test_cli_runner().invoke(args=["client-data", "rotate-keys"])
    assert result.exit_code == 0 and "Re-sealed 1 record(s)" in result.output
    again = both.test_cli_runner().invoke(args=["client-data", "rotate-keys"])
    assert "Re-sealed 0 record(s) with the newest key; 1 already were." in again.output
    with both.app_context():
        new_token = db.session.scalar(sa.select(ClientRecord.sealed).where(ClientRecord.request_id == request_id))
    assert new_token != old_token
    db_dispose(both)

    new_only = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLIENT_DATA_KEYS=NEW_KEY))
    assert "Truus Testcliënt" in html(logged_in(new_only).post(f"/consulent/aanvragen/{request_id}/clientgegevens"))
    db_dispose(new_only)


def test_a_wrong_key_is_a_clear_refusal_never_a_traceback_or_the_data_in_a_log(
        app, api, database_url, awarded_request, caplog):
    request_id = awarded_request()
    wrong = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLIENT_DATA_KEYS=NEW_KEY))
    caplog.set_level(logging.DEBUG)
    page = logged_in(wrong).get(f"/consulent/aanvragen/{request_id}")
    assert page.status_code == 200  # the request page still works; the client section says why
    assert "de sleutel ontbreekt of klopt niet" in html(page)
    winner = wrong.test_client().get(f"/api/v1/requests/{request_id}/award", headers={
        "Authorization": "Bearer " + wrong.test_client().post("/api/v1/tokens", json={
            "email": world.email("aanbieder2"), "password": world.PASSWORD}).get_json()["token"]})
    assert winner.status_code == 503
    assert winner.get_json()["error"]["code"] == "service_unavailable"
    assert "sleutel" in winner.get_json()["error"]["message"]
    provider_page = logged_in(wrong, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}")
    assert provider_page.status_code == 200 and "de sleutel ontbreekt of klopt niet" in html(provider_page)
    export = logged_in(wrong).get(f"/consulent/aanvragen/{request_id}/inzage.json")
    assert export.status_code == 503 and "Traceback" not in html(export)
    for secret in SECRETS:
        assert secret not in caplog.text
    db_dispose(wrong)


@pytest.mark.parametrize("keys", ["", "not-a-key", f"{NEW_KEY},too-short"])
def test_a_broken_key_configuration_stops_the_app_without_echoing_it(database_url, keys):
    with pytest.raises(RuntimeError) as refused:
        create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLIENT_DATA_KEYS=keys))
    assert "CLIENT_DATA_KEYS" in str(refused.value) or "Fernet key" in str(refused.value)
    assert "too-short" not in str(refused.value) and "not-a-key" not in str(refused.value)
    # the next app of this process configures its own keys again
    create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url))


def test_the_migration_seals_existing_plaintext_rows(app, new_request):
    """Down to the plaintext schema (the data comes back out), and up again: sealed."""
    request_id = new_request()
    with app.app_context():
        downgrade(directory="migrations", revision="dd23cc416aeb")
        row = db.session.execute(sa.text("SELECT name, bsn, phone FROM client_records WHERE request_id = :id"),
                                 {"id": request_id}).one()
        assert tuple(row) == ("Truus Testcliënt", "111222333", "06-11112222")
        db.session.remove()
        upgrade(directory="migrations")
        token = db.session.execute(sa.text("SELECT sealed FROM client_records WHERE request_id = :id"),
                                   {"id": request_id}).scalar_one()
    assert "Truus" not in token
    assert client_data.key_ring().unseal(token)["bsn"] == "111222333"
