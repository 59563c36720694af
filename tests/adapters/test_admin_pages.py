"""The beheerder's pages: where a beheerder lands, who else may see them (nobody: 404), and each
page's changes made through its forms, refused in Dutch with nothing changed; a tariff changed on
its page is what the consultant's new-request form fills in."""
import json
import re

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import Category, EmailOutbox, Gemeente, MinimumRequirement, ResultArea
from tests.support.admin import add_admins, add_tariffs, page_login
from tests.support.steps import html, logged_in, login

PAGES = ("/beheer", "/beheer/catalogus", "/beheer/tarieven", "/beheer/eisen", "/beheer/instellingen", "/beheer/mail")


@pytest.fixture
def admin(app):
    """A test browser logged in as Lelystad's beheerder."""
    add_admins(app)
    browser = app.test_client()
    page_login(browser)
    return browser


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post(browser, path, data, page="/beheer/catalogus"):
    token = csrf_of(html(browser.get(page)))
    return browser.post(path, data={"csrf_token": token, **data})


def category(app, code="begeleiding_individueel", gemeente="LEL") -> Category:
    with app.app_context():
        gid = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == gemeente))
        row = db.session.scalar(sa.select(Category).where(Category.gemeente_id == gid, Category.code == code))
        db.session.expunge(row)
        return row


def tariff_table_on_form(app, who="consulent") -> dict:
    page = html(logged_in(app, who).get("/consulent/aanvragen/nieuw"))
    found = re.search(r'<script type="application/json" id="tariff-table">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


# --- who ------------------------------------------------------------------------------------

def test_a_beheerder_lands_on_the_overview_and_sees_every_page(app):
    add_admins(app)
    browser = app.test_client()
    resp = browser.post("/inloggen", data={"email": "beheer@lelystad.example", "password": "test-wachtwoord"})
    assert resp.headers["Location"] == "/"
    assert browser.get("/").headers["Location"].endswith("/beheer")
    for path in PAGES:
        resp = browser.get(path)
        assert resp.status_code == 200, path
        assert 'href="/beheer/tarieven"' in html(resp)  # in the menu
    assert "Beheer van gemeente Lelystad" in html(browser.get("/beheer"))


@pytest.mark.parametrize("who", ["consulent", "aanbieder1"])
def test_consultants_and_providers_get_404_on_every_beheer_page(app, client, who):
    add_admins(app)
    login(client, who)
    for path in PAGES:
        assert client.get(path).status_code == 404, path
    token = csrf_of(html(client.get("/inbox")))
    for path, data in (("/beheer/catalogus/categorieen/begeleiding_individueel", {"action": "retire"}),
                       ("/beheer/tarieven", {"floor_percent": "10"}),
                       ("/beheer/instellingen", {"client_code_hours": "1"})):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 404, path
    assert category(app).active


def test_anonymous_visitors_are_sent_to_log_in(client):
    for path in PAGES:
        resp = client.get(path)
        assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"], path


def test_a_beheerder_sees_no_consultant_page(admin):
    assert admin.get("/consulent/aanvragen").status_code == 404
    assert admin.get("/consulent/aanvragen/nieuw").status_code == 404


# --- catalogue ------------------------------------------------------------------------------

def test_categories_are_renamed_switched_off_and_on(app, admin):
    path = "/beheer/catalogus/categorieen/begeleiding_individueel"
    resp = post(admin, path, {"action": "save", "name": "Begeleiding thuis"})
    assert resp.status_code == 302
    assert "Begeleiding thuis" in html(admin.get("/beheer/catalogus"))
    assert category(app).name == "Begeleiding thuis"
    assert post(admin, path, {"action": "retire", "name": "x"}).status_code == 302
    assert category(app).active is False and category(app).name == "Begeleiding thuis"
    assert 'value="begeleiding_individueel"' not in html(logged_in(app).get("/consulent/aanvragen/nieuw"))
    assert post(admin, path, {"action": "activate"}).status_code == 302
    assert category(app).active


def test_a_bad_name_is_refused_in_dutch_and_changes_nothing(app, admin):
    resp = post(admin, "/beheer/catalogus/categorieen/begeleiding_individueel", {"action": "save", "name": "  "})
    assert resp.status_code == 422
    assert "Dit veld is verplicht." in html(resp) and 'aria-invalid="true"' in html(resp)
    assert category(app).name == "Individuele begeleiding"


def test_the_last_category_cannot_be_switched_off(app, admin):
    codes = [c.code for c in db_categories(app)]
    for code in codes[:-1]:
        assert post(admin, f"/beheer/catalogus/categorieen/{code}", {"action": "retire"}).status_code == 302
    resp = post(admin, f"/beheer/catalogus/categorieen/{codes[-1]}", {"action": "retire"})
    assert resp.status_code == 422
    assert "Er moet minstens één productcategorie aan blijven staan." in html(resp)
    assert category(app, codes[-1]).active


def db_categories(app):
    with app.app_context():
        gid = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == "LEL"))
        return db.session.scalars(sa.select(Category).where(Category.gemeente_id == gid)).all()


def test_result_areas_and_levels_are_added_and_offered_to_the_consultant(app, admin):
    assert post(admin, "/beheer/catalogus/resultaatgebieden/nieuw",
                {"name": "Ontlasten van de mantelzorger", "code": ""}).status_code == 302
    assert post(admin, "/beheer/catalogus/complexiteit/nieuw",
                {"name": "Zeer zwaar", "code": "zeer_zwaar"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(ResultArea.code).where(ResultArea.name == "Ontlasten van de mantelzorger")) \
            == "ontlasten_van_de_mantelzorger"
    form = html(logged_in(app).get("/consulent/aanvragen/nieuw"))
    assert "Ontlasten van de mantelzorger" in form and '<option value="zeer_zwaar">Zeer zwaar</option>' in form
    duplicate = post(admin, "/beheer/catalogus/resultaatgebieden/nieuw", {"name": "Dagstructuur", "code": "dagstructuur"})
    assert duplicate.status_code == 422 and "Code dagstructuur staat er twee keer in." in html(duplicate)
    assert post(admin, "/beheer/catalogus/categorieen/nieuw", {"name": "Vervoer"}).status_code == 404


def test_a_retired_result_area_leaves_the_consultants_form(app, admin):
    assert post(admin, "/beheer/catalogus/resultaatgebieden/sociaal_netwerk", {"action": "retire"}).status_code == 302
    assert "Onderhouden van een sociaal netwerk" not in html(logged_in(app).get("/consulent/aanvragen/nieuw"))
    assert "Onderhouden van een sociaal netwerk" in html(admin.get("/beheer/catalogus"))
    assert post(admin, "/beheer/catalogus/resultaatgebieden/onbekend", {"action": "retire"}).status_code == 404


# --- tariffs --------------------------------------------------------------------------------

def test_a_tariff_changed_on_its_page_is_what_the_consultants_form_fills_in(app, admin):
    add_tariffs(app)
    assert tariff_table_on_form(app)["prices"]["administratie_financien"]["midden"] == 150_000
    page = html(admin.get("/beheer/tarieven"))
    assert 'name="t-administratie_financien-midden"' in page and 'value="1.500,00"' in page
    form = {name: value for name, value in re.findall(r'name="(t-[^"]+)" value="([^"]*)"', page)}
    form.update({"t-administratie_financien-midden": "1.750,50", "t-dagstructuur-licht": "", "floor_percent": "45"})
    resp = post(admin, "/beheer/tarieven", form, page="/beheer/tarieven")
    assert resp.status_code == 302
    table = tariff_table_on_form(app)
    assert table["prices"]["administratie_financien"]["midden"] == 175_050
    assert "licht" not in table["prices"]["dagstructuur"]
    assert table["floor_percent"] == 45
    assert "45 procent" in html(logged_in(app).get("/consulent/aanvragen/nieuw"))


@pytest.mark.parametrize("field,value,message", [
    ("t-administratie_financien-midden", "-5,00", "Vul een bedrag in euro in"),
    ("t-administratie_financien-midden", "veel", "Vul een bedrag in euro in"),
    ("t-administratie_financien-midden", "2.000.000,00", "Mag hoogstens"),
    ("floor_percent", "101", "Moet een geheel getal van 0 tot en met 100 zijn."),
    ("floor_percent", "40,5", "Moet een geheel getal van 0 tot en met 100 zijn."),
])
def test_a_bad_tariff_or_floor_is_refused_and_changes_nothing(app, admin, field, value, message):
    add_tariffs(app)
    before = tariff_table_on_form(app)
    page = html(admin.get("/beheer/tarieven"))
    form = {name: value for name, value in re.findall(r'name="(t-[^"]+)" value="([^"]*)"', page)}
    form.update({"floor_percent": "40", "t-dagstructuur-licht": "1,00", field: value})
    resp = post(admin, "/beheer/tarieven", form, page="/beheer/tarieven")
    assert resp.status_code == 422
    assert message in html(resp)
    assert f'id="{field}" name="{field}" value="{value}"' in html(resp)  # what was typed stays
    assert tariff_table_on_form(app) == before


# --- requirements ---------------------------------------------------------------------------

def requirement(app, code):
    with app.app_context():
        row = db.session.scalar(sa.select(MinimumRequirement).join(Gemeente, Gemeente.id == MinimumRequirement.gemeente_id)
                                .where(Gemeente.code == "LEL", MinimumRequirement.code == code))
        if row is not None:
            db.session.expunge(row)
        return row


def test_requirements_are_added_edited_and_retired(app, admin):
    resp = post(admin, "/beheer/eisen/nieuw", {"text": "Wij zijn verzekerd voor beroepsaansprakelijkheid.",
                                               "code": "verzekering", "requires_document": "ja",
                                               "validity_months": "12"}, page="/beheer/eisen")
    assert resp.status_code == 302
    added = requirement(app, "verzekering")
    assert (added.requires_document, added.validity_months, added.active) == (True, 12, True)
    assert post(admin, "/beheer/eisen/vog", {"action": "save", "text": "Iedereen heeft een VOG van hoogstens een jaar oud.",
                                             "requires_document": "ja", "validity_months": ""},
                page="/beheer/eisen").status_code == 302
    vog = requirement(app, "vog")
    assert (vog.text, vog.requires_document, vog.validity_months) == (
        "Iedereen heeft een VOG van hoogstens een jaar oud.", True, None)
    assert post(admin, "/beheer/eisen/meldcode", {"action": "retire"}, page="/beheer/eisen").status_code == 302
    assert requirement(app, "meldcode").active is False
    assert "Eis ‘meldcode’" in html(admin.get("/beheer/eisen"))


@pytest.mark.parametrize("data,message", [
    ({"text": "", "validity_months": "12"}, "Dit veld is verplicht."),
    ({"text": "Een eis", "validity_months": "0"}, "Moet minstens 1 zijn."),
    ({"text": "Een eis", "validity_months": "twaalf"}, "Moet een geheel getal zijn."),
    ({"text": "x" * 301}, "Mag hoogstens 300 tekens lang zijn."),
    ({"text": "Een eis", "code": "VOG!"}, "Een code bestaat uit kleine letters"),
])
def test_a_bad_requirement_is_refused_and_changes_nothing(app, admin, data, message):
    before = requirement(app, "vog")
    resp = post(admin, "/beheer/eisen/nieuw", data, page="/beheer/eisen")
    assert resp.status_code == 422 and message in html(resp)
    if "code" not in data:  # an existing requirement keeps its code
        edit = post(admin, "/beheer/eisen/vog", {"action": "save", **data}, page="/beheer/eisen")
        assert edit.status_code == 422 and message in html(edit)
    assert len(requirements(app)) == 5
    after = requirement(app, "vog")
    assert (after.text, after.validity_months) == (before.text, before.validity_months)


def requirements(app):
    with app.app_context():
        return db.session.scalars(sa.select(MinimumRequirement.code).join(Gemeente, Gemeente.id == MinimumRequirement.gemeente_id)
                                  .where(Gemeente.code == "LEL")).all()


# --- settings and mail ----------------------------------------------------------------------

def test_settings_are_changed_and_used_for_the_consultants_form(app, admin):
    page = html(admin.get("/beheer/instellingen"))
    assert 'value="24"' in page
    resp = post(admin, "/beheer/instellingen", {"client_data_retention_months": "36", "client_code_hours": "48",
                                                "default_visibility": "sealed", "default_soft_close_seconds": "60",
                                                "default_max_extension_seconds": "600"}, page="/beheer/instellingen")
    assert resp.status_code == 302
    with app.app_context():
        lelystad = db.session.scalar(sa.select(Gemeente).where(Gemeente.code == "LEL"))
        assert (lelystad.client_data_retention_months, lelystad.client_code_hours, lelystad.default_visibility,
                lelystad.default_soft_close_seconds, lelystad.default_max_extension_seconds) == (36, 48, "sealed", 60, 600)
    form = html(logged_in(app).get("/consulent/aanvragen/nieuw"))
    assert re.search(r'<input [^>]*checked[^>]* value="sealed">', form)
    assert not re.search(r'<input [^>]*checked[^>]* value="open">', form)
    assert 'name="soft_close_seconds" type="number" value="60"' in form
    assert 'name="max_extension_seconds" type="number" value="600"' in form


def test_bad_settings_are_refused_and_change_nothing(app, admin):
    resp = post(admin, "/beheer/instellingen", {"client_data_retention_months": "0", "client_code_hours": "",
                                                "default_visibility": "open", "default_soft_close_seconds": "120",
                                                "default_max_extension_seconds": "1800"}, page="/beheer/instellingen")
    assert resp.status_code == 422
    page = html(resp)
    assert "Moet minstens 1 zijn." in page and "Moet een geheel getal zijn." in page
    with app.app_context():
        lelystad = db.session.scalar(sa.select(Gemeente).where(Gemeente.code == "LEL"))
        assert (lelystad.client_data_retention_months, lelystad.client_code_hours) == (24, 72)


def test_the_failed_mail_page_shows_the_gemeentes_messages_with_their_error(app, admin):
    with app.app_context():
        ids = dict(db.session.execute(sa.select(Gemeente.code, Gemeente.id)).all())
        db.session.add(EmailOutbox(to_address="oud@lelystad.example", subject="Zorgbod: Uitnodiging", body="-",
                                   gemeente_id=ids["LEL"], status="failed", attempts=5, last_error="550 no such user"))
        db.session.add(EmailOutbox(to_address="ander@dronten.example", subject="Zorgbod: x", body="-",
                                   gemeente_id=ids["DRO"], status="failed", attempts=5, last_error="550"))
        db.session.commit()
    page = html(admin.get("/beheer/mail"))
    assert "oud@lelystad.example" in page and "550 no such user" in page
    assert "ander@dronten.example" not in page
    assert "1 niet afgeleverd." in html(admin.get("/beheer"))


def test_the_pages_speak_english_when_asked(app):
    add_admins(app)
    browser = app.test_client()
    browser.set_cookie("taal", "en")
    page_login(browser)
    assert "Catalogue" in html(browser.get("/beheer/catalogus"))
    assert "Tariffs" in html(browser.get("/beheer/tarieven"))
    resp = post(browser, "/beheer/catalogus/categorieen/begeleiding_individueel", {"action": "save", "name": ""})
    assert "This field is required." in html(resp)
