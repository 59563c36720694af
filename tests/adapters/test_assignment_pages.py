"""The follow-up's pages: the consultant's assignment page (start, review, frequency, complaints,
survey on the client's behalf, client code, end and switching provider to the new draft), the
provider's own assignments and figures (never the client's comment), and the client's survey on
a code made after the start. Refusals are Dutch form messages (English on the English page) and
change nothing."""
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import ClientCode
from marketplace.privacy import detection
from tests.support.followup import footprint
from tests.support.steps import html, logged_in

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WINNER, LOSER = "aanbieder2", "aanbieder1"
AREA = "administratie_financien"
ALL_FOURS = {f"answer-{code}": "4" for code in ("tevreden", "past", "zelf", "respect", "afspraken", "beter")}


@pytest.fixture(autouse=True)
def patterns_only(monkeypatch):
    monkeypatch.setattr(detection, "scanner", lambda _wait: detection.patterns_only)


def today(clock, days: int = 0) -> str:
    return (clock.now.astimezone(AMSTERDAM).date() + timedelta(days=days)).isoformat()


def page(request_id: int, rest: str = "") -> str:
    return f"/consulent/aanvragen/{request_id}/toewijzing{rest}"


def unchanged(app, request_id):
    with app.app_context():
        return footprint(request_id)


@pytest.fixture
def consultant(app):
    return logged_in(app, "consulent")


@pytest.fixture
def started(api, clock, awarded_request):
    def make() -> int:
        request_id = awarded_request()
        assert api.post(f"/api/v1/requests/{request_id}/assignment/start", {"started_on": today(clock)},
                        as_=WINNER).status_code == 200
        return request_id
    return make


def client_browser(app, consultant, request_id: int):
    """A client's browser that entered a code made on the assignment page."""
    resp = consultant.post(page(request_id, "/clientcode"))
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    code = re.search(r"Cliëntcode: ([A-Z0-9]{4}-[A-Z0-9]{4})", html(resp)).group(1)
    browser = app.test_client()
    entered = browser.post("/client/", data={"code": code})
    assert entered.status_code == 302 and entered.headers["Location"].endswith("/client/vragenlijst")
    return browser


# --- the consultant ---------------------------------------------------------------------------

def test_the_awarded_request_leads_to_its_assignment(consultant, awarded_request):
    request_id = awarded_request()
    assert f'href="{page(request_id)}"' in html(consultant.get(f"/consulent/aanvragen/{request_id}"))
    text = html(consultant.get(page(request_id)))
    assert "Zorg Twee" in text and "Start vastleggen" in text and "Gegund, nog niet gestart" in text


def test_a_start_without_a_date_or_before_the_award_is_a_dutch_form_message(app, consultant, clock, awarded_request):
    request_id = awarded_request()
    before = unchanged(app, request_id)
    resp = consultant.post(page(request_id, "/start"), data={"started_on": ""})
    assert resp.status_code == 422 and "Dit veld is verplicht." in html(resp)
    assert 'aria-invalid="true" aria-describedby="started_on-error"' in html(resp)
    resp = consultant.post(page(request_id, "/start"), data={"started_on": today(clock, -1)})
    assert resp.status_code == 422 and "De start kan niet vóór de gunning liggen" in html(resp)
    assert f'value="{today(clock, -1)}"' in html(resp)  # what was typed stays
    resp = consultant.post(page(request_id, "/start"), data={"started_on": today(clock), "start-zrm-financien": "7"})
    assert resp.status_code == 422 and "Een ZRM-score is een heel getal van 1 tot en met 5." in html(resp)
    assert unchanged(app, request_id) == before


def test_the_consultant_starts_reviews_and_sees_the_zrm_change(app, consultant, clock, awarded_request):
    request_id = awarded_request()
    day = clock.now.astimezone(AMSTERDAM).strftime("%d-%m-%Y")  # typed the Dutch way, without a date picker
    resp = consultant.post(page(request_id, "/start"), data={"started_on": day, "start-zrm-financien": "2"})
    assert resp.status_code == 302
    text = html(consultant.get(page(request_id)))
    assert "Evaluatie vastleggen" in text and f'name="outcome-{AREA}"' in text and "Bij de start: 2" in text
    before = unchanged(app, request_id)
    missing = consultant.post(page(request_id, "/evaluaties"), data={"reviewed_on": today(clock)})
    assert missing.status_code == 422 and "Geef per resultaatgebied een uitkomst" in html(missing)
    assert unchanged(app, request_id) == before
    done = consultant.post(page(request_id, "/evaluaties"), data={
        "reviewed_on": today(clock), f"outcome-{AREA}": "partly", "review-zrm-financien": "4", "note": "Goed bezig."})
    assert done.status_code == 302
    text = html(consultant.get(page(request_id)))
    assert "Deels behaald" in text and "Financiën: 4 (+2)" in text and "Goed bezig." in text


def test_the_review_frequency_is_set_on_the_page(app, consultant, clock, started):
    request_id = started()
    assert consultant.post(page(request_id, "/frequentie"), data={"review_every_weeks": "6"}).status_code == 302
    assert "elke 6 weken" in html(consultant.get(page(request_id)))
    resp = consultant.post(page(request_id, "/frequentie"), data={"review_every_weeks": "0"})
    assert resp.status_code == 422 and "Moet minstens 1 zijn." in html(resp)


def test_complaints_are_registered_and_resolved_on_the_page(app, consultant, clock, started):
    request_id = started()
    resp = consultant.post(page(request_id, "/klachten"), data={"received_on": today(clock), "about": "provider",
                                                                 "summary": "Kwam te laat."})
    assert resp.status_code == 302
    text = html(consultant.get(page(request_id)))
    assert "Kwam te laat." in text and "Klacht 1 afhandelen" in text
    early = consultant.post(page(request_id, "/klachten/1/afhandelen"),
                            data={"resolved_on": today(clock, -1), "resolution": "Gesprek gehad."})
    assert early.status_code == 422 and "De afhandeling kan niet vóór de ontvangst" in html(early)
    assert consultant.post(page(request_id, "/klachten/1/afhandelen"),
                           data={"resolved_on": today(clock), "resolution": "Gesprek gehad."}).status_code == 302
    text = html(consultant.get(page(request_id)))
    assert "Gesprek gehad." in text and "Klacht 1 afhandelen" not in text
    again = consultant.post(page(request_id, "/klachten/1/afhandelen"),
                            data={"resolved_on": today(clock), "resolution": "Weer."}, follow_redirects=True)
    assert "Klacht 1 is al afgehandeld" in html(again)


def test_ending_with_a_switch_leads_to_the_new_draft(app, consultant, clock, started):
    request_id = started()
    resp = consultant.post(page(request_id, "/beeindigen"), data={"ended_on": today(clock), "reason": "switch_provider"})
    assert resp.status_code == 302
    follow_up = int(resp.headers["Location"].rsplit("/", 1)[1])
    draft = html(consultant.get(f"/consulent/aanvragen/{follow_up}"))
    assert "Vervolgaanvraag" in draft and "Concept" in draft
    assert f'href="{page(request_id)}"' in draft
    ended = html(consultant.get(page(request_id)))
    assert "Cliënt wisselt van aanbieder" in ended and f"/consulent/aanvragen/{follow_up}" in ended


def test_a_switch_before_the_start_is_refused_on_the_page(app, consultant, clock, awarded_request):
    request_id = awarded_request()
    before = unchanged(app, request_id)
    resp = consultant.post(page(request_id, "/beeindigen"), data={"ended_on": today(clock), "reason": "switch_provider"},
                           follow_redirects=True)
    assert "Wisselen van aanbieder kan pas als de ondersteuning is gestart." in html(resp)
    assert unchanged(app, request_id) == before


def test_the_consultant_fills_in_the_survey_on_the_clients_behalf(app, consultant, started):
    request_id = started()
    before = unchanged(app, request_id)
    partial = consultant.post(page(request_id, "/vragenlijst"), data={"answer-tevreden": "5"})
    assert partial.status_code == 422 and "Kies een antwoord bij deze vraag." in html(partial)
    leaky = consultant.post(page(request_id, "/vragenlijst"), data={**ALL_FOURS, "comment": "Bel 06-12345678."})
    assert leaky.status_code == 422 and "06-12345678" in html(leaky) and "persoonsgegevens" in html(leaky)
    assert unchanged(app, request_id) == before
    assert consultant.post(page(request_id, "/vragenlijst"), data={**ALL_FOURS, "comment": "Tevreden."}).status_code == 302
    text = html(consultant.get(page(request_id)))
    assert "Ingevuld door de consulent namens de cliënt" in text and "Tevreden." in text
    assert "Gemiddeld 4,0 van 5." in text


def test_the_assignment_page_is_the_gemeentes_own(app, awarded_request):
    request_id = awarded_request()
    assert logged_in(app, "consulent_dronten").get(page(request_id)).status_code == 404
    assert logged_in(app, WINNER).get(page(request_id)).status_code == 404
    anonymous = app.test_client().get(page(request_id))
    assert anonymous.status_code == 302 and "/inloggen" in anonymous.headers["Location"]


def test_the_assignment_page_in_english(app, awarded_request):
    request_id = awarded_request()
    text = html(logged_in(app, "consulent", "en").get(page(request_id)))
    assert "Record the start" in text and "Start vastleggen" not in text


# --- the provider -----------------------------------------------------------------------------

def test_the_winner_sees_its_assignments_figures_and_confirms_the_start(app, clock, awarded_request):
    request_id = awarded_request()
    winner = logged_in(app, WINNER)
    listing = html(winner.get("/aanbieder/toewijzingen"))
    assert f'href="/aanbieder/toewijzingen/{request_id}"' in listing and "Uw cijfers" in listing
    assert "Lelystad" in listing
    early = winner.post(f"/aanbieder/toewijzingen/{request_id}/start", data={"started_on": today(clock, -1)})
    assert early.status_code == 422 and "De start kan niet vóór de gunning liggen" in html(early)
    assert winner.post(f"/aanbieder/toewijzingen/{request_id}/start",
                       data={"started_on": today(clock)}).status_code == 302
    text = html(winner.get(f"/aanbieder/toewijzingen/{request_id}"))
    assert "Gestart" in text and "Start vastleggen" not in text
    assert f'href="/aanbieder/toewijzingen/{request_id}"' in html(winner.get(f"/aanbieder/aanvragen/{request_id}"))


def test_nobody_but_the_winner_sees_its_assignment_page(app, awarded_request):
    request_id = awarded_request()
    for who in (LOSER, "aanbieder3", "consulent"):
        assert logged_in(app, who).get(f"/aanbieder/toewijzingen/{request_id}").status_code == 404
        assert logged_in(app, who).post(f"/aanbieder/toewijzingen/{request_id}/start",
                                        data={"started_on": "2027-01-01"}).status_code == 404
    assert "Er zijn nog geen aanvragen aan uw organisatie gegund." in html(
        logged_in(app, LOSER).get("/aanbieder/toewijzingen"))


def test_the_provider_never_sees_the_clients_answers_or_comment(app, consultant, started):
    request_id = started()
    assert consultant.post(page(request_id, "/vragenlijst"),
                           data={**ALL_FOURS, "answer-beter": "1", "comment": "Geheime opmerking."}).status_code == 302
    winner = logged_in(app, WINNER)
    for path in (f"/aanbieder/toewijzingen/{request_id}", "/aanbieder/toewijzingen"):
        text = html(winner.get(path))
        assert "Geheime opmerking." not in text and "Helemaal mee oneens" not in text
    assert "De cliënt heeft de vragenlijst ingevuld." in html(winner.get(f"/aanbieder/toewijzingen/{request_id}"))


# --- the client -------------------------------------------------------------------------------

def test_the_client_answers_the_survey_once_with_a_code_made_after_the_start(app, consultant, started):
    request_id = started()
    client = client_browser(app, consultant, request_id)
    form = html(client.get("/client/vragenlijst"))
    assert "Wat vindt u van de hulp?" in form and "Ik ben tevreden over de hulp die ik krijg." in form
    assert form.count('type="radio"') == 30 and form.count("<fieldset") == 6 and form.count("<legend>") == 6
    before = unchanged(app, request_id)
    partial = client.post("/client/vragenlijst", data={"answer-tevreden": "5", "answer-past": "4"})
    assert partial.status_code == 422 and "Nog niet alles is goed ingevuld" in html(partial)
    assert 'value="5" checked' in html(partial)  # the answers given stay chosen
    leaky = client.post("/client/vragenlijst", data={**ALL_FOURS, "comment": "Mijn postcode is 8232 AA 12."})
    assert leaky.status_code == 422 and "Uw opmerking lijkt persoonsgegevens te bevatten" in html(leaky)
    assert 'aria-invalid="true" aria-describedby="comment-hint comment-error"' in html(leaky)
    assert unchanged(app, request_id) == before
    done = client.post("/client/vragenlijst", data={**ALL_FOURS, "comment": "Fijne hulp."})
    assert done.status_code == 302
    assert "Dank u wel!" in html(client.get("/client/vragenlijst"))
    again = client.post("/client/vragenlijst", data=ALL_FOURS, follow_redirects=True)
    assert "De vragenlijst is al ingevuld." in html(again)
    assert "Fijne hulp." in html(consultant.get(page(request_id)))


def test_a_client_without_a_code_is_sent_to_enter_one(app):
    resp = app.test_client().get("/client/vragenlijst")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/client/")


def test_the_survey_in_english(app, consultant, started):
    request_id = started()
    client = client_browser(app, consultant, request_id)
    client.set_cookie("taal", "en")
    text = html(client.get("/client/vragenlijst"))
    assert "What do you think of the help?" in text and "I am satisfied with the help I get." in text
    assert "Strongly agree" in text


def test_before_the_award_the_assignment_forms_change_nothing(app, consultant, clock, open_request):
    request_id = open_request()
    assert consultant.get(page(request_id)).status_code == 409
    resp = consultant.post(page(request_id, "/start"), data={"started_on": today(clock)})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/consulent/aanvragen/{request_id}")
    assert consultant.post(page(request_id, "/clientcode")).status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClientCode)) == 0
