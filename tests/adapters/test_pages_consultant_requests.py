"""The consultant's request pages: who may see them, the list with status, time left and offers,
and the new-request form (a draft, published at once, in Amsterdam time, refused in Dutch with
nothing written)."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from marketplace.clients import client_data
from marketplace.extensions import db
from marketplace.models import ClientRecord, Request
from tests.support.forms import area_field, local_input, request_count
from tests.support.steps import html, login

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
