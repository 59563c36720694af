"""The client's identity, sealed and forgotten on time: encrypted at rest under rotatable keys,
opened only by the gemeente's consultants and the winner after award, every opening in the
client's access log, erased after the gemeente's retention period, and the AVG article 15
inzage as JSON and as a page."""
import json
import logging
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from config import TestConfig
from marketplace import create_app, scheduler
from marketplace.auction import lifecycle
from marketplace.auction.actors import SYSTEM
from marketplace.clients import client_data, retention
from marketplace.extensions import db
from marketplace.models import AuditEvent, Bid, ClientCode, ClientRecord, Gemeente, Request, ResultArea

from . import world
from .conftest import request_payload

SECRETS = ("Truus", "111222333", "Teststraat", "06-11112222", "1948-03-02", "mantelzorg")
CLIENT = {"name": "Truus Testcliënt", "bsn": "111222333", "address": "Teststraat 1, 8232 AA Lelystad",
          "phone": "06-11112222", "date_of_birth": "1948-03-02", "notes": "Dochter regelt de mantelzorg."}
OLD_KEY = TestConfig.CLIENT_DATA_KEYS
NEW_KEY = "iA8seIUwKkqguTznoLKu-GDIr49hW2qAd_jkizKwGBA="


login = world.logged_in


def html(resp):
    return resp.get_data(as_text=True)


def reads(app, request_id):
    with app.app_context():
        return [(e.actor, e.details["reason"]) for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.request_id == request_id,
                                        AuditEvent.action == "client_data_read").order_by(AuditEvent.id))]


def user_id(app, who):
    from marketplace.models import User
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == world.email(who)))


@pytest.fixture
def new_request(api, clock):
    """Factory: a draft request with the full client record; returns its id."""
    def make(as_="consulent", client=None, **overrides):
        body = request_payload(clock.now, client=client or dict(CLIENT), **overrides)
        resp = api.post("/api/v1/requests", body, as_=as_)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()["id"]
    return make


@pytest.fixture
def chosen_request(app, api, clock, open_request, bid):
    """Closed with two offers; the client chose Zorg Twee's (aanbieder2), not yet awarded."""
    def make(**overrides):
        request_id = open_request(client=dict(CLIENT), **overrides)
        bid(request_id, "aanbieder1", 105000)
        chosen = bid(request_id, "aanbieder2", 100000).get_json()["bid"]["id"]
        clock.advance(3600)
        with app.app_context():
            assert lifecycle.close_window(db.session, request_id).result == "done"
        assert api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": chosen, "on_behalf_of_client": True},
                        as_="consulent").status_code == 200
        return request_id, chosen
    return make


@pytest.fixture
def awarded_request(api, chosen_request):
    """Awarded to Zorg Twee (aanbieder2); aanbieder1 lost."""
    def make(**overrides):
        request_id, chosen = chosen_request(**overrides)
        assert api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": chosen},
                        as_="consulent").status_code == 200
        return request_id
    return make


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
    page = html(login(app).post(f"/consulent/aanvragen/{request_id}/clientgegevens"))
    for shown in ("Truus Testcliënt", "111222333", "Teststraat 1", "06-11112222", "2 maart 1948",
                  "Dochter regelt de mantelzorg."):
        assert shown in page


def test_the_form_takes_birth_date_and_notes_and_refuses_an_impossible_birth_date(app, clock, new_request):
    browser = login(app)
    form = html(browser.get("/consulent/aanvragen/nieuw"))
    assert 'name="client_date_of_birth"' in form and 'name="client_notes"' in form
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(ClientRecord))
    with app.app_context():
        area = db.session.scalar(sa.select(ResultArea.id).join(Gemeente, Gemeente.id == ResultArea.gemeente_id)
                                 .where(Gemeente.name == "Lelystad", ResultArea.code == "administratie_financien"))
    data = {"category": "begeleiding_individueel", f"area_{area}": "midden", "region": "823",
            "start_date": (clock.now + timedelta(days=90)).date().isoformat(), "duration_weeks": "26",
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
    assert "Truus Testcliënt" in html(login(both).post(f"/consulent/aanvragen/{request_id}/clientgegevens"))
    result = both.test_cli_runner().invoke(args=["client-data", "rotate-keys"])
    assert result.exit_code == 0 and "Re-sealed 1 record(s)" in result.output
    again = both.test_cli_runner().invoke(args=["client-data", "rotate-keys"])
    assert "Re-sealed 0 record(s) with the newest key; 1 already were." in again.output
    with both.app_context():
        new_token = db.session.scalar(sa.select(ClientRecord.sealed).where(ClientRecord.request_id == request_id))
    assert new_token != old_token
    db_dispose(both)

    new_only = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLIENT_DATA_KEYS=NEW_KEY))
    assert "Truus Testcliënt" in html(login(new_only).post(f"/consulent/aanvragen/{request_id}/clientgegevens"))
    db_dispose(new_only)


def db_dispose(some_app):
    with some_app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_wrong_key_is_a_clear_refusal_never_a_traceback_or_the_data_in_a_log(
        app, api, database_url, awarded_request, caplog):
    request_id = awarded_request()
    wrong = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, CLIENT_DATA_KEYS=NEW_KEY))
    caplog.set_level(logging.DEBUG)
    page = login(wrong).get(f"/consulent/aanvragen/{request_id}")
    assert page.status_code == 200  # the request page still works; the client section says why
    assert "de sleutel ontbreekt of klopt niet" in html(page)
    winner = wrong.test_client().get(f"/api/v1/requests/{request_id}/award", headers={
        "Authorization": "Bearer " + wrong.test_client().post("/api/v1/tokens", json={
            "email": world.email("aanbieder2"), "password": world.PASSWORD}).get_json()["token"]})
    assert winner.status_code == 503
    assert winner.get_json()["error"]["code"] == "service_unavailable"
    assert "sleutel" in winner.get_json()["error"]["message"]
    provider_page = login(wrong, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}")
    assert provider_page.status_code == 200 and "de sleutel ontbreekt of klopt niet" in html(provider_page)
    export = login(wrong).get(f"/consulent/aanvragen/{request_id}/inzage.json")
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


# --- who may read ------------------------------------------------------------------------------

def test_the_winner_reads_name_address_and_phone_only_and_that_is_logged(app, api, awarded_request):
    request_id = awarded_request()
    body = api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder2").get_json()
    assert body["client"] == {"name": "Truus Testcliënt", "address": "Teststraat 1, 8232 AA Lelystad",
                              "phone": "06-11112222"}
    assert (f"user:{user_id(app, 'aanbieder2')}", "award view") in reads(app, request_id)
    page = html(login(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}"))
    assert "Truus Testcliënt" in page and "111222333" not in page and "mantelzorg" not in page
    assert reads(app, request_id)[-1] == (f"user:{user_id(app, 'aanbieder2')}", "award page")


@pytest.mark.parametrize("who", ["aanbieder1", "aanbieder3", "aanbieder5", "consulent_dronten"])
def test_nobody_else_reads_the_client_by_any_route(app, api, awarded_request, who):
    request_id = awarded_request()
    before = reads(app, request_id)
    resp = api.get(f"/api/v1/requests/{request_id}/award", as_=who)
    assert resp.status_code == 404
    browser = login(app, who)
    pages = [browser.get(f"/aanbieder/aanvragen/{request_id}"), browser.get(f"/consulent/aanvragen/{request_id}"),
             browser.post(f"/consulent/aanvragen/{request_id}/clientgegevens"),
             browser.get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek"),
             browser.get(f"/consulent/aanvragen/{request_id}/inzage"),
             browser.get(f"/consulent/aanvragen/{request_id}/inzage.json")]
    for text in [html(resp)] + [html(p) for p in pages]:
        for secret in SECRETS:
            assert secret not in text
    assert all(p.status_code in (404, 302) for p in pages[1:])
    assert reads(app, request_id) == before


def test_a_client_token_and_the_would_be_winner_before_award_get_404(app, api, chosen_request):
    request_id, _chosen = chosen_request()
    code = api.post(f"/api/v1/requests/{request_id}/client-code", as_="consulent").get_json()["code"]
    api.use_token("client", api.post("/api/v1/tokens", {"client_code": code}).get_json()["token"])
    for who in ("client", "aanbieder2"):  # aanbieder2's offer is chosen, not yet awarded
        resp = api.get(f"/api/v1/requests/{request_id}/award", as_=who)
        assert resp.status_code == 404
        assert "Truus" not in html(resp)
    assert "Truus" not in html(login(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}"))
    assert reads(app, request_id) == []


# --- the access log ----------------------------------------------------------------------------

def test_every_read_is_in_the_access_log_with_who_when_and_why(app, api, awarded_request, clock):
    request_id = awarded_request()
    consultant = login(app)
    consultant.get(f"/consulent/aanvragen/{request_id}")  # awarded: the page shows the data
    api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder2")
    login(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}")
    consultant.get(f"/consulent/aanvragen/{request_id}/inzage.json")
    lel, zorg_twee = f"user:{user_id(app, 'consulent')}", f"user:{user_id(app, 'aanbieder2')}"
    assert reads(app, request_id) == [(lel, "consultant request page"), (zorg_twee, "award view"),
                                      (zorg_twee, "award page"), (lel, "export")]

    page = consultant.get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek")
    log_page = html(page)
    assert page.status_code == 200
    assert "Wie heeft de cliëntgegevens ingezien?" in log_page
    assert "Consulent Lelystad" in log_page and "Consulent, Lelystad" in log_page
    assert "Medewerker 2" in log_page and "Medewerker zorgaanbieder, Zorg Twee" in log_page
    for reason in ("Aanvraagpagina van de consulent", "Gunning opgevraagd via de API",
                   "Gunningspagina van de aanbieder", "Inzage (AVG artikel 15) gemaakt"):
        assert reason in log_page
    assert clock.now.astimezone(retention.AMSTERDAM).strftime("%d-%m-%Y %H:%M") in log_page
    assert "Naam, Adres, Telefoon" in log_page  # what the winner saw
    assert reads(app, request_id)[-1] == (lel, "export")  # looking at the log opened nothing

    english = html(login(app, language="en").get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek"))
    assert "Who has viewed the client's data?" in english and "Provider staff, Zorg Twee" in english


def test_the_request_page_links_to_the_log_and_the_inzage(app, new_request):
    request_id = new_request()
    page = html(login(app).get(f"/consulent/aanvragen/{request_id}"))
    assert f"/consulent/aanvragen/{request_id}/clientgegevens/logboek" in page
    assert f"/consulent/aanvragen/{request_id}/inzage" in page
    assert "Truus" not in page  # still behind the button
    assert "Wordt gewist na" in page


# --- the inzage (AVG article 15) ---------------------------------------------------------------

def test_the_inzage_as_json_holds_everything_about_the_client(app, awarded_request):
    request_id = awarded_request()
    resp = login(app).get(f"/consulent/aanvragen/{request_id}/inzage.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert resp.headers["Content-Disposition"].startswith("attachment; filename=\"inzage-LEL-")
    assert resp.headers["Cache-Control"] == "no-store"
    doc = resp.get_json()
    assert doc["client"] == CLIENT
    assert doc["inzage"]["legal_basis"] == "AVG artikel 15" and doc["inzage"]["gemeente"] == "Lelystad"
    (req,) = doc["requests"]
    assert req["id"] == request_id and req["status"] == "awarded"
    assert req["awarded_offer"]["provider"]["name"] == "Zorg Twee" and req["awarded_offer"]["price_cents"] == 100000
    assert req["chosen_offer"] == req["awarded_offer"]
    assert doc["erasure"]["erased_at"] is None and doc["erasure"]["retention_months"] == 24
    assert [(e["reason"], e["name"], e["organisation"]) for e in doc["access_log"]] == [
        ("export", "Consulent Lelystad", "Lelystad")]
    assert "Truus" not in resp.request.url


def test_the_inzage_page_is_readable_in_dutch_and_english(app, awarded_request):
    request_id = awarded_request()
    page = login(app).get(f"/consulent/aanvragen/{request_id}/inzage")
    text = html(page)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Inzage in persoonsgegevens (AVG artikel 15)" in text
    assert "Truus Testcliënt" in text and "111222333" in text and "2 maart 1948" in text
    assert "Zorg Twee" in text and "€ 1.000,00" in text and "Inzage (AVG artikel 15) gemaakt" in text
    assert 'print-plain">' in text  # app.css prints it without the site's header and footer
    english = html(login(app, language="en").get(f"/consulent/aanvragen/{request_id}/inzage"))
    assert "Access to personal data (GDPR article 15)" in english and "Date of birth" in english
    assert reads(app, request_id)[-2:] == [(f"user:{user_id(app, 'consulent')}", "export")] * 2


# --- forget on time ----------------------------------------------------------------------------

def make_ended(new_request, start: str, weeks: int, **kw):
    return new_request(start_date=start, duration_weeks=weeks, **kw)


def back_in(clock, year: int) -> None:
    """Requests are made when they were made: a start date lies within five years of then."""
    clock.now = datetime(year, 6, 1, 10, 0, tzinfo=timezone.utc)


def erase(app, today: date):
    with app.app_context():
        return retention.erase_expired(db.session, SYSTEM, today)


def test_retention_erases_exactly_what_has_expired(app, api, clock, new_request):
    # Support 6 January - 6 July 2020 (26 weeks): kept through 6 July 2022, erased from the 7th.
    back_in(clock, 2021)
    ended = make_ended(new_request, "2020-01-06", 26)
    ongoing = make_ended(new_request, "2022-01-03", 52)
    dronten = make_ended(new_request, "2020-01-06", 26, as_="consulent_dronten",
                         category="begeleiding_individueel")
    cancelled = new_request(start_date="2023-01-02")
    # Noon in Amsterdam: retention counts Amsterdam's dates, and the real time of day the clock
    # kept made this the 16th there when the suite ran after 22:00 UTC.
    clock.now = clock.now.replace(year=2020, month=6, day=15, hour=10, minute=0, second=0)
    assert api.post(f"/api/v1/requests/{cancelled}/cancel", {"reason": "Verhuisd"}, as_="consulent").status_code == 200
    with app.app_context():
        db.session.scalar(sa.select(Gemeente).where(Gemeente.name == "Dronten")).client_data_retention_months = 36
        db.session.commit()
        assert db.session.get(Request, cancelled).cancelled_at.date() == date(2020, 6, 15)

    assert erase(app, date(2022, 6, 15)) == []  # the cancelled one: kept through 15 June 2022
    assert erase(app, date(2022, 6, 16)) == [cancelled]
    assert erase(app, date(2022, 7, 6)) == []
    assert erase(app, date(2022, 7, 7)) == [ended]
    assert erase(app, date(2022, 7, 7)) == []  # idempotent
    assert erase(app, date(2023, 7, 6)) == []  # Dronten: 36 months
    assert erase(app, date(2023, 7, 7)) == [dronten]
    with app.app_context():
        erased = {r.request_id: r for r in db.session.scalars(sa.select(ClientRecord))}
        assert erased[ongoing].sealed is not None and erased[ongoing].erased_at is None
        assert erased[ended].sealed is None and erased[ended].erased_reason == "retention"
        # the anonymised request itself stays
        assert db.session.get(Request, ended).description == "Hulp bij administratie en dagstructuur."


def test_erasure_keeps_the_auction_and_says_so_on_every_page(app, api, clock, awarded_request):
    back_in(clock, 2022)  # both the wish (2020) and the offered start (2027) within five years
    request_id = awarded_request(start_date="2020-01-06", duration_weeks=26)
    with app.app_context():
        db.session.add(ClientCode(request_id=request_id, code_hash="x" * 64, expires_at=clock.now))
        db.session.commit()
        events_before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    # The winner offered to start on 1 February 2027, later than the wish: support runs to
    # 2 August 2027, the data is kept through 2 August 2029.
    assert erase(app, date(2022, 7, 7)) == []
    assert erase(app, date(2029, 8, 2)) == []
    assert erase(app, date(2029, 8, 3)) == [request_id]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClientCode)
                                 .where(ClientCode.request_id == request_id)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events_before + 1
        assert db.session.get(Request, request_id).status == "awarded"
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]
    assert [o["provider"]["name"] for o in offers] == ["Zorg Twee", "Zorg Een"]

    consultant = login(app)
    page = html(consultant.get(f"/consulent/aanvragen/{request_id}"))
    assert "Gegevens gewist op" in page and "(bewaartermijn)" in page and "Truus" not in page
    assert "Cliëntgegevens gewist" in page  # in the request's audit trail
    winner = api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder2").get_json()
    assert winner["client"]["name"] is None and winner["client"]["erased_at"]
    assert "Gegevens gewist op" in html(login(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}"))
    doc = consultant.get(f"/consulent/aanvragen/{request_id}/inzage.json").get_json()
    assert doc["client"] is None and doc["erasure"]["erased_at"] and doc["erasure"]["reason"] == "retention"
    assert doc["requests"][0]["awarded_offer"]["provider"]["name"] == "Zorg Twee"
    assert "Gegevens gewist op" in html(consultant.get(f"/consulent/aanvragen/{request_id}/inzage"))
    log_page = html(consultant.get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek"))
    assert "Bewaartermijn verstreken" in log_page


def test_the_erasure_event_holds_no_erased_value(app, clock, new_request, caplog):
    back_in(clock, 2021)
    request_id = make_ended(new_request, "2020-01-06", 26)
    caplog.set_level(logging.DEBUG)
    assert erase(app, date(2030, 1, 1)) == [request_id]
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "client_data_erased")).one()
        every_event = json.dumps([e.details for e in db.session.scalars(sa.select(AuditEvent))])
    assert event.details["reason"] == "retention" and event.details["retention_months"] == 24
    assert event.details["period_ended_on"] == "2020-07-06"
    for secret in SECRETS:
        assert secret not in json.dumps(event.details) and secret not in every_event and secret not in caplog.text


def test_the_daily_job_and_the_command_erase_by_the_servers_clock(app, runner, clock, new_request, monkeypatch):
    back_in(clock, 2021)
    first = make_ended(new_request, "2020-01-06", 26)
    second = make_ended(new_request, "2020-02-03", 26)
    clock.now = clock.now.replace(year=2022, month=7, day=20)
    monkeypatch.setitem(scheduler._state, "app", app)
    scheduler.run_retention()
    with app.app_context():
        assert db.session.scalar(sa.select(ClientRecord.erased_at).where(ClientRecord.request_id == first))
    result = runner.invoke(args=["client-data", "erase-expired", "--today", "2022-08-04"])
    assert result.exit_code == 0 and f"1 request(s): [{second}]" in result.output
    assert first != second
    bad = runner.invoke(args=["client-data", "erase-expired", "--today", "morgen"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def watch_retention_log(caplog) -> None:
    # The migrations' logging.config.fileConfig disables the loggers that existed before it.
    caplog.set_level(logging.ERROR, logger="marketplace.clients.retention")
    logging.getLogger("marketplace.clients.retention").disabled = False


def test_the_daily_erasure_skips_a_row_it_cannot_compute_and_erases_the_rest(app, clock, new_request,
                                                                             awarded_request, caplog):
    # An offer accepted before start dates were bounded: starting 31 December 9999, the end of
    # support lies past the calendar. It used to stop the erasure for every gemeente, every day.
    back_in(clock, 2022)
    broken = awarded_request(start_date="2020-01-06", duration_weeks=26)
    first = make_ended(new_request, "2020-01-06", 26)
    second = make_ended(new_request, "2020-02-03", 26)
    with app.app_context():
        winner = db.session.get(Request, broken).awarded_bid_id
        db.session.execute(sa.update(Bid).where(Bid.id == winner).values(start_date=date(9999, 12, 31)))
        db.session.commit()
    watch_retention_log(caplog)
    assert erase(app, date(2030, 1, 1)) == [first, second]
    assert f"request {broken}" in caplog.text and "skipped" in caplog.text
    with app.app_context():
        kept = db.session.scalar(sa.select(ClientRecord).where(ClientRecord.request_id == broken))
        assert kept.sealed is not None and kept.erased_at is None  # never guessed: kept, and logged


def test_the_daily_erasure_goes_on_when_one_erasure_fails(app, clock, new_request, monkeypatch, caplog):
    back_in(clock, 2021)
    first = make_ended(new_request, "2020-01-06", 26)
    second = make_ended(new_request, "2020-02-03", 26)
    real_erase = retention.erase

    def erase_or_fail(session, actor, request_id, reason="retention"):
        if request_id == first:
            raise ValueError("a row this code cannot process")
        return real_erase(session, actor, request_id, reason)

    monkeypatch.setattr(retention, "erase", erase_or_fail)
    watch_retention_log(caplog)
    assert erase(app, date(2030, 1, 1)) == [second]
    assert f"request {first} could not be erased; skipped" in caplog.text


def test_retention_per_gemeente_is_set_from_the_command_line(app):
    runner = app.test_cli_runner()
    assert "Lelystad keeps client data 24 months" in runner.invoke(args=["client-data", "retention", "Lelystad"]).output
    changed = runner.invoke(args=["client-data", "retention", "DRO", "36"])
    assert changed.exit_code == 0 and "Dronten keeps client data 36 months" in changed.output
    assert runner.invoke(args=["client-data", "retention", "Dronten", "0"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(sa.select(Gemeente.client_data_retention_months)
                                 .where(Gemeente.code == "DRO")) == 36


def test_add_months_keeps_to_the_calendar():
    assert retention.add_months(date(2020, 8, 31), 6) == date(2021, 2, 28)
    assert retention.add_months(date(2022, 2, 29 - 1), 24) == date(2024, 2, 28)
    assert retention.add_months(date(2020, 1, 15), 24) == date(2022, 1, 15)
    assert retention.add_months(date(2020, 12, 1), 1) == date(2021, 1, 1)
    assert date(2020, 7, 6) == date(2020, 1, 6) + timedelta(weeks=26)
