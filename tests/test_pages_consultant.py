"""The consultant's HTML pages: what a Wmo-consulent sees and can do in the browser."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from marketplace.auction import lifecycle
from marketplace.auction.actors import Actor
from marketplace.clients import client_data
from marketplace.extensions import db
from marketplace.models import (
    Approval,
    AuditEvent,
    Category,
    ClientRecord,
    Gemeente,
    MinimumRequirement,
    Organisation,
    Request,
    ResultArea,
)
from marketplace.providers.onboarding import apply_to_gemeente

from . import world

AMS = ZoneInfo("Europe/Amsterdam")


def login(client, who="consulent"):
    resp = client.post("/inloggen", data={"email": world.email(who), "password": world.PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)


def local_input(moment):
    return moment.astimezone(AMS).strftime("%Y-%m-%dT%H:%M")


def html(resp):
    return resp.get_data(as_text=True)


def request_count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Request))


def area_field(app, code="administratie_financien", gemeente="Lelystad"):
    with app.app_context():
        gid = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.name == gemeente))
        area_id = db.session.scalar(sa.select(ResultArea.id).where(
            ResultArea.gemeente_id == gid, ResultArea.code == code))
        return f"area_{area_id}"


@pytest.fixture
def form_data(app, clock):
    """Factory: the new-request form as a consultant would fill it in."""
    area = area_field(app)

    def make(**overrides):
        data = {
            "category": "begeleiding_individueel",
            area: "midden",
            "region": "823",
            "start_date": (clock.now + timedelta(days=30)).date().isoformat(),
            "duration_weeks": "26",
            "max_price": "1.500,00",
            "floor_price": "600",
            "description": "Hulp bij administratie en dagstructuur.",
            "opens_at": local_input(clock.now),
            "closes_at": local_input(clock.now + timedelta(minutes=30)),
            "visibility": "open",
            "min_step": "1,00",
            "soft_close_seconds": "120",
            "max_extension_seconds": "1800",
            "client_name": "Truus Formulier",
            "client_bsn": "111222333",
            "client_address": "Teststraat 1, 8232 AA Lelystad",
            "client_phone": "06-11112222",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}
    return make


def close(app, clock, request_id, seconds=31 * 60):
    clock.advance(seconds)
    with app.app_context():
        assert lifecycle.close_window(db.session, request_id).result == "done"


# --- access -------------------------------------------------------------------------------

def test_pages_need_login(client):
    resp = client.get("/consulent/aanvragen")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]


def test_provider_gets_404_on_every_consultant_page(client, open_request):
    request_id = open_request()
    login(client, "aanbieder1")
    for path in ("/consulent/aanvragen", "/consulent/aanvragen/nieuw", "/consulent/aanbieders",
                 f"/consulent/aanvragen/{request_id}", "/consulent/aanbieders/1"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/consulent/aanvragen/{request_id}/annuleren", data={"reason": "x"}).status_code == 404


def test_other_gemeente_consultant_gets_404(app, client, open_request):
    request_id = open_request()
    login(client, "consulent_dronten")
    assert client.get(f"/consulent/aanvragen/{request_id}").status_code == 404
    resp = client.post(f"/consulent/aanvragen/{request_id}/annuleren", data={"reason": "Niet van ons"})
    assert resp.status_code == 404
    assert client.post(f"/consulent/aanvragen/{request_id}/clientcode").status_code == 404
    assert "LEL-" not in html(client.get("/consulent/aanvragen"))
    with app.app_context():
        assert db.session.get(Request, request_id).status == "open"


# --- list ---------------------------------------------------------------------------------

def test_list_shows_requests_with_status_time_left_and_offers(client, open_request, bid):
    request_id = open_request()
    assert bid(request_id, "aanbieder1", 100000).status_code == 201
    assert bid(request_id, "aanbieder2", 90000).status_code == 201
    login(client)
    page = html(client.get("/consulent/aanvragen"))
    assert f"/consulent/aanvragen/{request_id}" in page
    assert "Individuele begeleiding" in page
    assert 'class="status status-open"' in page and "Open voor aanbiedingen" in page
    assert "nog 29 min" in page or "nog 30 min" in page
    assert "<td>2</td>" in page
    assert f"/consulent/aanvragen/{request_id}" not in html(client.get("/consulent/aanvragen?status=draft"))
    assert f"/consulent/aanvragen/{request_id}" in html(client.get("/consulent/aanvragen?status=open"))
    assert client.get("/consulent/aanvragen?status=onzin").status_code == 200


# --- new request --------------------------------------------------------------------------

def test_new_request_form_offers_the_gemeente_catalogue(client):
    login(client)
    page = html(client.get("/consulent/aanvragen/nieuw"))
    assert "Individuele begeleiding" in page and "Administratie en financiën" in page
    assert "Niet van toepassing" in page and "Zwaar" in page
    assert "nooit aan aanbieders getoond vóór de gunning" in page
    assert 'type="datetime-local"' in page and "Direct publiceren" in page


def test_form_creates_a_draft(app, client, form_data):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data())
    assert resp.status_code == 302
    page = html(client.get(resp.headers["Location"]))
    assert "als concept bewaard" in page and "Concept" in page
    assert "Truus Formulier" not in page  # client data only behind the button
    with app.app_context():
        req = db.session.scalars(sa.select(Request)).one()
        assert req.status == "draft"
        assert (req.max_price_cents, req.floor_price_cents, req.min_step_cents) == (150000, 60000, 100)
        assert [(a.code, a.complexity) for a in req.result_areas] == [("administratie_financien", "midden")]
        record = db.session.scalars(sa.select(ClientRecord)).one()
        assert "111222333" not in record.sealed  # sealed at rest
        assert client_data.key_ring().unseal(record.sealed)["bsn"] == "111222333"


def test_form_can_publish_directly(app, client, form_data):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(publish_now="y"))
    assert resp.status_code == 302
    assert "staat open voor aanbiedingen" in html(client.get(resp.headers["Location"]))
    with app.app_context():
        assert db.session.scalars(sa.select(Request)).one().status == "open"


def test_form_reads_opens_at_as_amsterdam_time(app, client, form_data, clock):
    clock.now = datetime(2031, 6, 1, 10, 0, tzinfo=timezone.utc)  # opening lies within a year of now
    login(client)
    client.post("/consulent/aanvragen/nieuw",
                data=form_data(opens_at="2031-07-01T10:00", closes_at="2031-07-01T12:00"))
    with app.app_context():
        req = db.session.scalars(sa.select(Request)).one()
        assert req.opens_at.isoformat() == "2031-07-01T08:00:00+00:00"  # CEST is UTC+2


@pytest.mark.parametrize("overrides, message, field_id", [
    ({"client_bsn": "123456789"}, "Dit is geen geldig BSN", "client_bsn"),
    ({"closes_at": "2020-01-01T10:00"}, "De sluitingstijd moet na de openingstijd liggen.", "closes_at"),
    ({"max_price": "veel geld"}, "Dit is geen bedrag", "max_price"),
    ({"floor_price": "inf"}, "Dit is geen bedrag", "floor_price"),
    ({"floor_price": "2.000,00"}, "De ondergrens mag niet hoger zijn dan het maximumtarief.", "floor_price"),
    ({"max_price": "2.000.000,00"}, "Mag hoogstens € 1.000.000,00 zijn.", "max_price"),
    ({"duration_weeks": "zes"}, "Vul een heel getal in", "duration_weeks"),
    ({"region": "ABC"}, "eerste drie cijfers van de postcode", "region"),
    ({"client_name": ""}, "Dit veld is verplicht.", "client_name"),
])
def test_form_errors_are_dutch_and_create_nothing(app, client, form_data, overrides, message, field_id):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(publish_now="y", **overrides))
    assert resp.status_code == 422
    page = html(resp)
    assert message in page
    assert f'id="{field_id}-error"' in page and f'aria-describedby="{field_id}-error"' in page
    assert request_count(app) == 0


def test_form_needs_a_result_area(app, client, form_data):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(**{area_field(app): ""}))
    assert resp.status_code == 422
    assert "Kies minstens één resultaatgebied" in html(resp)
    assert request_count(app) == 0


def test_publish_failure_keeps_a_draft_and_says_so(app, client, form_data, clock):
    login(client)
    past = dict(opens_at=local_input(clock.now - timedelta(hours=2)),
                closes_at=local_input(clock.now - timedelta(hours=1)))
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(publish_now="y", **past))
    assert resp.status_code == 302
    assert "publiceren lukte niet" in html(client.get(resp.headers["Location"]))
    with app.app_context():
        assert db.session.scalars(sa.select(Request)).one().status == "draft"


# --- detail: live, publish, cancel, reopen -----------------------------------------------

def test_detail_while_open_shows_live_offers_server_side(client, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    bid(request_id, "aanbieder2", 95000)
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert 'id="live-offers"' in page and f'data-request-id="{request_id}"' in page
    assert 'data-token="' in page and 'data-token=""' not in page
    for script in ("vendor/socket.io.min.js", "js/live.js", "js/consultant-live.js"):
        assert script in page
    assert "Zorg Een" in page and "Zorg Twee" in page
    assert "€ 950,00" in page and "€ 1.000,00" in page
    assert page.index("Zorg Twee") < page.index("Zorg Een")  # cheapest first
    assert "Plan van aanpak" in page and "Plan van aanbieder2" in page
    assert "Administratie en financiën — Midden" in page
    assert "Truus" not in page


def test_scheduled_request_counts_down_to_the_opening(app, client, form_data, clock):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(
        publish_now="y", opens_at=local_input(clock.now + timedelta(hours=1)),
        closes_at=local_input(clock.now + timedelta(hours=2))))
    page = html(client.get(resp.headers["Location"]))
    assert "is gepland" in page and 'data-status="scheduled"' in page
    assert "Opent over" in page and "Nog geen aanbiedingen." in page


def test_extension_by_a_late_bid_is_announced(client, open_request, bid, clock):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    clock.advance(29 * 60 + 30)
    assert bid(request_id, "aanbieder2", 90000).status_code == 201
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert "De sluitingstijd is verlengd tot" in page
    assert 'id="live-extended" class="alert alert-warning" role="status">' in page  # not hidden
    assert "Biedtermijn verlengd na een laat bod" in page


def test_publish_a_draft_from_the_detail_page(app, client, form_data):
    login(client)
    location = client.post("/consulent/aanvragen/nieuw", data=form_data()).headers["Location"]
    request_id = int(location.rsplit("/", 1)[1])
    resp = client.post(f"/consulent/aanvragen/{request_id}/publiceren", follow_redirects=True)
    assert "is gepubliceerd" in html(resp)
    with app.app_context():
        assert db.session.get(Request, request_id).status == "open"
    again = client.post(f"/consulent/aanvragen/{request_id}/publiceren", follow_redirects=True)
    assert again.status_code == 200 and "Alleen een concept kan worden gepubliceerd." in html(again)


def test_cancel_needs_a_reason(app, client, open_request):
    request_id = open_request()
    login(client)
    resp = client.post(f"/consulent/aanvragen/{request_id}/annuleren", data={"reason": "  "})
    assert resp.status_code == 422
    assert "Geef een reden op" in html(resp)
    with app.app_context():
        assert db.session.get(Request, request_id).status == "open"
    resp = client.post(f"/consulent/aanvragen/{request_id}/annuleren",
                       data={"reason": "Cliënt verhuist naar een andere gemeente."}, follow_redirects=True)
    page = html(resp)
    assert "is geannuleerd" in page and "Cliënt verhuist naar een andere gemeente." in page
    assert "Aanvraag geannuleerd" in page  # audit trail in Dutch
    with app.app_context():
        assert db.session.get(Request, request_id).status == "cancelled"


def test_reopen_after_no_offers(app, client, open_request, clock):
    request_id = open_request()
    close(app, clock, request_id)
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert "Geen aanbiedingen" in page and "Opnieuw openzetten" in page
    bad = client.post(f"/consulent/aanvragen/{request_id}/heropenen",
                      data={"opens_at": local_input(clock.now), "closes_at": local_input(clock.now)})
    assert bad.status_code == 422 and "De sluitingstijd moet na de openingstijd liggen." in html(bad)
    resp = client.post(f"/consulent/aanvragen/{request_id}/heropenen", follow_redirects=True, data={
        "opens_at": local_input(clock.now), "closes_at": local_input(clock.now + timedelta(hours=1))})
    assert "nieuwe biedtermijn" in html(resp)
    with app.app_context():
        assert db.session.get(Request, request_id).status == "open"


# --- client code, choice, award ----------------------------------------------------------

def test_client_code_is_shown_once_and_works(client, api, open_request):
    request_id = open_request()
    login(client)
    resp = client.post(f"/consulent/aanvragen/{request_id}/clientcode")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    page = html(resp)
    assert "Cliëntcode:" in page and "/client" in page and "geldig tot" in page
    code = page.split("Cliëntcode: ", 1)[1].split("<", 1)[0].strip()
    assert len(code) == 9 and code[4] == "-"
    assert code not in html(client.get(f"/consulent/aanvragen/{request_id}"))
    token = api.client.post("/api/v1/tokens", json={"client_code": code})
    assert token.status_code == 201 and token.get_json()["request_id"] == request_id


def test_client_code_refused_for_a_draft(client, form_data):
    login(client)
    location = client.post("/consulent/aanvragen/nieuw", data=form_data()).headers["Location"]
    request_id = int(location.rsplit("/", 1)[1])
    resp = client.post(f"/consulent/aanvragen/{request_id}/clientcode", follow_redirects=True)
    assert resp.status_code == 200 and "alleen worden gemaakt voor een lopende aanvraag" in html(resp)


def test_choose_on_behalf_then_award_needs_motivation_for_non_cheapest(app, client, open_request, bid, clock):
    request_id = open_request()
    bid(request_id, "aanbieder1", 100000)
    expensive = bid(request_id, "aanbieder2", 120000).get_json()["bid"]["id"]
    close(app, clock, request_id)
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    assert "Aanbiedingen vergelijken" in page and "Kies namens de cliënt" in page
    assert "Truus" not in page

    resp = client.post(f"/consulent/aanvragen/{request_id}/keuze", data={"bid_id": expensive},
                       follow_redirects=True)
    page = html(resp)
    assert "keuze van de cliënt is vastgelegd" in page
    assert "niet de goedkoopste" in page and "Een motivering is daarom verplicht" in page

    resp = client.post(f"/consulent/aanvragen/{request_id}/gunnen", data={"bid_id": expensive, "motivation": ""})
    assert resp.status_code == 422
    page = html(resp)
    assert "Deze aanbieding is niet de goedkoopste: schrijf op waarom" in page
    assert 'id="motivation-error"' in page and 'aria-describedby="motivation-error"' in page
    with app.app_context():
        assert db.session.get(Request, request_id).status == "chosen"

    resp = client.post(f"/consulent/aanvragen/{request_id}/gunnen", follow_redirects=True,
                       data={"bid_id": expensive, "motivation": "Start eerder en kent de cliënt al."})
    page = html(resp)
    assert "De aanvraag is gegund" in page
    assert "Zorg Twee" in page and "€ 1.200,00" in page and "Start eerder en kent de cliënt al." in page
    assert "Truus Testcliënt" in page and "111222333" in page  # client details after award
    assert "Cliëntgegevens ingezien" in page and "Gegund" in page
    with app.app_context():
        req = db.session.get(Request, request_id)
        assert req.status == "awarded" and req.awarded_bid_id == expensive
        reads = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "client_data_read")).all()
        assert reads and reads[0].details["reason"] == "consultant request page"


def test_award_of_the_cheapest_needs_no_motivation(app, client, open_request, bid, clock):
    request_id = open_request()
    cheap = bid(request_id, "aanbieder1", 90000).get_json()["bid"]["id"]
    bid(request_id, "aanbieder2", 120000)
    close(app, clock, request_id)
    login(client)
    client.post(f"/consulent/aanvragen/{request_id}/keuze", data={"bid_id": cheap})
    assert "Dit is de laagste prijs" in html(client.get(f"/consulent/aanvragen/{request_id}"))
    resp = client.post(f"/consulent/aanvragen/{request_id}/gunnen", data={"bid_id": cheap, "motivation": ""})
    assert resp.status_code == 302
    with app.app_context():
        assert db.session.get(Request, request_id).status == "awarded"


def test_choice_of_a_foreign_bid_is_refused_with_a_message(client, open_request, bid, clock, app):
    request_id = open_request()
    bid(request_id, "aanbieder1", 90000)
    other = open_request()
    foreign = bid(other, "aanbieder2", 90000).get_json()["bid"]["id"]
    close(app, clock, request_id)
    login(client)
    resp = client.post(f"/consulent/aanvragen/{request_id}/keuze", data={"bid_id": foreign},
                       follow_redirects=True)
    assert resp.status_code == 200 and "hoort niet bij deze aanvraag" in html(resp)


def test_show_client_button_logs_the_read(app, client, open_request):
    request_id = open_request()
    login(client)
    assert "Truus" not in html(client.get(f"/consulent/aanvragen/{request_id}"))
    resp = client.post(f"/consulent/aanvragen/{request_id}/clientgegevens")
    assert resp.status_code == 200 and "Truus Testcliënt" in html(resp)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "client_data_read")) == 1


def test_audit_trail_is_newest_first_in_dutch(client, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder3", 100000)
    login(client)
    page = html(client.get(f"/consulent/aanvragen/{request_id}"))
    trail = page.split('id="audit-title"', 1)[1]
    assert trail.index("Aanbieding gedaan") < trail.index("Aanvraag aangemaakt")
    assert "Medewerker 3 (Zorg Drie)" in trail and "prijs: € 1.000,00" in trail


# --- providers ----------------------------------------------------------------------------

def _approval_id(app, org_name, category="begeleiding_individueel", gemeente="Lelystad"):
    with app.app_context():
        return db.session.scalar(
            sa.select(Approval.id).join(Organisation, Organisation.id == Approval.organisation_id)
            .join(Category, Category.id == Approval.category_id)
            .join(Gemeente, Gemeente.id == Approval.gemeente_id)
            .where(Organisation.name == org_name, Category.code == category, Gemeente.name == gemeente))


def _visible_ids(api, who):
    return [r["id"] for r in api.get("/api/v1/requests", as_=who).get_json()["requests"]]


def test_providers_page_lists_organisations_with_approvals(client):
    login(client)
    page = html(client.get("/consulent/aanbieders"))
    assert "Zorg Een" in page and "30000001" in page and "41000001" in page and "Contact 1" in page
    assert "Toegelaten" in page and "Demo: voldoet aan de minimumeisen" in page
    assert "Zorg Vijf" not in page  # never asked Lelystad
    assert "klachtenregeling" in page and "Niet verklaard" in page


def test_suspend_needs_a_reason_and_ends_eligibility(app, client, api, open_request):
    approval_id = _approval_id(app, "Zorg Een")
    login(client)
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}",
                       data={f"approval-{approval_id}-status": "suspended", f"approval-{approval_id}-reason": ""})
    assert resp.status_code == 422 and "Geef een toelichting" in html(resp)
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}", follow_redirects=True, data={
        f"approval-{approval_id}-status": "suspended", f"approval-{approval_id}-reason": "VOG's verlopen.",
        f"approval-{approval_id}-back": "list"})
    page = html(resp)
    assert "Zorg Een is geschorst voor Individuele begeleiding" in page and "VOG&#39;s verlopen." in page
    request_id = open_request()
    assert request_id not in _visible_ids(api, "aanbieder1")
    assert request_id in _visible_ids(api, "aanbieder2")


def test_approve_a_pending_organisation(app, client, api, open_request):
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Zorg Vijf"))
        lelystad = db.session.scalar(sa.select(Gemeente).where(Gemeente.name == "Lelystad"))
        reqs = db.session.scalars(sa.select(MinimumRequirement.id).where(
            MinimumRequirement.gemeente_id == lelystad.id)).all()
        user_id = org.users[0].id
        apply_to_gemeente(db.session, Actor(kind="provider", user_id=user_id, organisation_id=org.id),
                          lelystad.id, reqs)
        org_id = org.id
    approval_id = _approval_id(app, "Zorg Vijf")
    login(client)
    page = html(client.get(f"/consulent/aanbieders/{org_id}"))
    assert "Wacht op beoordeling" in page and "Verklaard" in page and "Niet verklaard" not in page
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}", data={
        f"approval-{approval_id}-status": "approved", f"approval-{approval_id}-reason": "Alles op orde.",
        f"approval-{approval_id}-back": "detail"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/consulent/aanbieders/{org_id}")
    request_id = open_request()
    assert request_id in _visible_ids(api, "aanbieder5")


def test_provider_detail_404_without_approval_here(app, client):
    with app.app_context():
        org_id = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Zorg Vijf"))
        one = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Zorg Een"))
    login(client)
    assert client.get(f"/consulent/aanbieders/{org_id}").status_code == 404
    assert client.get(f"/consulent/aanbieders/{one}").status_code == 200
    client.post("/uitloggen")
    login(client, "consulent_dronten")
    assert client.get(f"/consulent/aanbieders/{one}").status_code == 404
    approval_id = _approval_id(app, "Zorg Een")
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}", data={
        f"approval-{approval_id}-status": "suspended", f"approval-{approval_id}-reason": "Niet van ons"})
    assert resp.status_code == 404
