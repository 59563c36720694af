"""The Stuurinformatie page (/stuurinformatie/) and its CSV download: for the consultants and
beheerders of a gemeente (404 for anyone else), the figures with a table behind every plot,
the signals linked to what they concern, filters with Dutch messages, and no inline script."""
import re
from datetime import date

import pytest

from marketplace.extensions import db
from tests.support import admin
from tests.support.steering_history import History, utc
from tests.support.steps import html, logged_in

MARCH = "?from=2026-03-01&to=2026-03-31"


@pytest.fixture
def march(app):
    """Lelystad in March 2026: Zorg Een wins one request with a single offer near the maximum,
    and starts on the day it offered."""
    with app.app_context():
        h = History(db.session)
        req = h.request(utc(2026, 3, 2, 9), offers=[(1, 98000)], winner=0)
        h.assignment(req, date(2026, 3, 7), date(2026, 3, 16), started=date(2026, 3, 16))
        return req.id


@pytest.fixture
def beheer(app):
    admin.add_admins(app)
    browser = app.test_client()
    admin.page_login(browser)
    return browser


def test_anyone_but_the_gemeentes_staff_gets_no_page(app, client):
    assert client.get("/stuurinformatie/").status_code == 302
    assert "/inloggen" in client.get("/stuurinformatie/").headers["Location"]
    provider = logged_in(app, "aanbieder1")
    assert provider.get("/stuurinformatie/").status_code == 404
    assert provider.get("/stuurinformatie/stuurinformatie.csv").status_code == 404
    assert "/stuurinformatie/" not in html(provider.get("/aanbieder/aanvragen"))


def test_the_consultant_sees_figures_plots_with_tables_and_linked_signals(app, march):
    browser = logged_in(app, "consulent")
    resp = browser.get(f"/stuurinformatie/{MARCH}")
    page = html(resp)
    assert resp.status_code == 200
    assert '<a href="/stuurinformatie/">Stuurinformatie</a>' in page
    assert page.count("<canvas") == 6 and page.count("<details>") == 6
    assert len(re.findall(r"<table>\s*<caption", page)) == 7  # and the outcomes per provider
    assert 'id="steering-data"' in page and "vendor/chart.umd.min.js" in page and "js/steering.js" in page
    assert '<span class="figure">98%</span>' in page  # the price against the maximum
    assert f'<a href="/consulent/aanvragen/{march}">' in page  # the single offer, and near the maximum
    assert "Gegund voor 98% van de maximumprijs" in page


def test_no_script_runs_inline(app, march):
    resp = logged_in(app, "consulent").get(f"/stuurinformatie/{MARCH}")
    scripts = re.findall(r"<script([^>]*)>", html(resp))
    assert scripts and all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "unsafe-inline" not in resp.headers["Content-Security-Policy"]


def test_the_beheerder_sees_the_same_figures_without_links_into_consultant_pages(beheer, march):
    page = html(beheer.get(f"/stuurinformatie/{MARCH}"))
    assert '<a href="/stuurinformatie/">Stuurinformatie</a>' in page
    assert "Gegund voor 98% van de maximumprijs" in page
    assert "/consulent/aanvragen/" not in page


def test_each_gemeente_sees_its_own(app, march):
    page = html(logged_in(app, "consulent_dronten").get(f"/stuurinformatie/{MARCH}"))
    assert "Gegund voor 98%" not in page and "Geen signalen in deze periode." in page


@pytest.mark.parametrize("query, message", [
    ("?from=2026-04-01&to=2026-03-01", "Mag niet vóór de begindatum liggen."),
    ("?category=bestaat_niet", "Onbekende productcategorie."),
    ("?from=gisteren", "Moet een datum zijn (JJJJ-MM-DD)."),
])
def test_a_bad_filter_is_answered_on_the_form(app, query, message):
    resp = logged_in(app, "consulent").get(f"/stuurinformatie/{query}")
    assert resp.status_code == 422
    page = html(resp)
    assert message in page and 'aria-invalid="true"' in page and "<canvas" not in page


def test_the_filter_keeps_its_choices(app, march):
    page = html(logged_in(app, "consulent").get(f"/stuurinformatie/{MARCH}&category=begeleiding_individueel"))
    assert 'value="2026-03-01"' in page and 'value="2026-03-31"' in page
    assert '<option value="begeleiding_individueel" selected>' in page


def test_the_csv_download_follows_the_filter(app, march):
    browser = logged_in(app, "consulent")
    resp = browser.get(f"/stuurinformatie/stuurinformatie.csv{MARCH}")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    lines = html(resp).splitlines()
    assert len(lines) == 2 and "Zorg Een" in lines[1]
    assert browser.get("/stuurinformatie/stuurinformatie.csv?from=nooit").status_code == 422
    page = html(browser.get(f"/stuurinformatie/{MARCH}"))
    assert "/stuurinformatie/stuurinformatie.csv?from=2026-03-01&amp;to=2026-03-31" in page


def test_the_page_in_english(app, march):
    page = html(logged_in(app, "consulent", language="en").get(f"/stuurinformatie/{MARCH}"))
    assert "Steering information" in page and "Key figures" in page
    assert "Awarded at 98% of the maximum price" in page
