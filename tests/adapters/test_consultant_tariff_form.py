"""The consultant's new-request form and the gemeente's tariff table: the page carries the table
for its script (which fills the maximum and floor as result areas are picked), and the server
applies the rule itself: left empty, the prices come from the table; above the table only with
a reason, refused in Dutch with nothing written."""
import json
import re

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import AuditEvent, Request
from tests.support.admin import add_tariffs
from tests.support.forms import request_count
from tests.support.steps import html, login


def test_the_page_carries_the_table_and_its_script(app, client):
    add_tariffs(app)
    login(client)
    page = html(client.get("/consulent/aanvragen/nieuw"))
    table = json.loads(re.search(r'id="tariff-table">(.*?)</script>', page, re.S).group(1))
    assert table["floor_percent"] == 40 and table["prices"]["huishoudelijke_hulp"]["licht"] == 45_000
    assert 'data-tariff-area="administratie_financien"' in page
    assert '<script src="/static/js/tariff-fill.js"></script>' in page
    assert 'name="max_price_reason"' in page and "40 procent" in page
    assert client.get("/static/js/tariff-fill.js").status_code == 200


def test_left_empty_the_prices_come_from_the_table(app, client, form_data):
    add_tariffs(app)
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(max_price="", floor_price=""))
    assert resp.status_code == 302, html(resp)
    with app.app_context():
        request = db.session.scalar(sa.select(Request))
        assert (request.max_price_cents, request.floor_price_cents) == (150_000, 60_000)


def test_above_the_table_without_a_reason_is_refused_in_dutch(app, client, form_data):
    add_tariffs(app)
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(max_price="1.600,00"))
    assert resp.status_code == 422
    page = html(resp)
    assert "Ligt boven de tarieventabel van de gemeente (€ 1.500,00 voor deze resultaatgebieden)" in page
    assert 'id="max_price-error"' in page
    assert request_count(app) == 0

    reasoned = client.post("/consulent/aanvragen/nieuw", data=form_data(
        max_price="1.600,00", max_price_reason="Begeleiding in het Arabisch, weinig aanbieders."))
    assert reasoned.status_code == 302
    with app.app_context():
        request = db.session.scalar(sa.select(Request))
        assert request.max_price_reason == "Begeleiding in het Arabisch, weinig aanbieders."
        assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.request_id == request.id,
                                                                    AuditEvent.action == "max_price_above_table"))


def test_without_a_table_the_consultant_names_the_maximum(app, client, form_data):
    login(client)
    resp = client.post("/consulent/aanvragen/nieuw", data=form_data(max_price="", floor_price=""))
    assert resp.status_code == 422 and "vul zelf een maximumtarief in" in html(resp)
    assert request_count(app) == 0
    assert client.post("/consulent/aanvragen/nieuw", data=form_data(floor_price="")).status_code == 302
