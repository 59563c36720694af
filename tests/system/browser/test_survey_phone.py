"""The client's survey in a real headless Chromium on a phone: after the award and the start, the
consultant makes a client code on the assignment page; the client enters it on a 360 px screen,
lands on the six questions (not the offers), answers one by keyboard and the rest by tapping,
is told in words when the comment holds a phone number, and answers once. The consultant then
reads the answers and the comment. axe-core checks every page on the way (Dutch and English);
screenshots land in test-artifacts/browser/."""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.support.processes import eventually, publish_window

from .conftest import CONSULTANT, PROVIDERS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
QUESTIONS = ("tevreden", "past", "zelf", "respect", "afspraken", "beter")


def awarded_and_started(api) -> int:
    """A demo request with two offers, closed, awarded to the lowest (aanbieder2) and started
    today by it; its id."""
    consultant = api.token(CONSULTANT)
    request_id, _closes = publish_window(api, consultant, 6)
    for number, price in ((1, 110000), (2, 105000)):
        assert api.bid(api.token(PROVIDERS[number]), request_id, price).status_code == 201
    eventually(lambda: api.request(consultant, request_id)["status"] == "closed", 20, "the window closes")
    offers = api.call("GET", f"/api/v1/requests/{request_id}/offers", consultant).json()["offers"]
    lowest = offers[0]["bid_id"]
    assert api.call("POST", f"/api/v1/requests/{request_id}/choice", consultant,
                    {"bid_id": lowest, "on_behalf_of_client": True}).status_code == 200
    assert api.call("POST", f"/api/v1/requests/{request_id}/award", consultant,
                    {"bid_id": lowest}).status_code == 200
    started = api.call("POST", f"/api/v1/requests/{request_id}/assignment/start", api.token(PROVIDERS[2]),
                       {"started_on": datetime.now(AMSTERDAM).date().isoformat()})
    assert started.status_code == 200, started.text
    return request_id


def test_a_client_on_a_phone_answers_the_survey_with_a_client_code(people, api):
    request_id = awarded_and_started(api)

    consultant = people("consulent")
    consultant.log_in(CONSULTANT)
    page = consultant.page
    page.goto(f"/consulent/aanvragen/{request_id}")
    page.get_by_role("link", name="Naar de toewijzing").click()
    expect(page).to_have_url(re.compile(rf"/consulent/aanvragen/{request_id}/toewijzing$"))
    consultant.check("assignment started")
    page.click("form[action$='/toewijzing/clientcode'] [type=submit]")
    code = page.locator("#code-title").inner_text().rsplit(":", 1)[1].strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    consultant.check("client code for the survey", both_languages=False)

    client = people("client-phone", **PHONE)
    client.page.goto("/client/")
    client.page.fill("input[name=code]", code)
    client.page.click("main form [type=submit]")
    expect(client.page).to_have_url(re.compile("/client/vragenlijst$"))
    expect(client.page.locator("h1")).to_have_text("Wat vindt u van de hulp?")
    expect(client.page.locator("fieldset.survey-question")).to_have_count(6)
    client.check("the six questions")

    # The first question by keyboard: Tab reaches the group, the arrow keys choose within it.
    first = client.page.locator("#answer-tevreden-1")
    first.focus()
    client.page.keyboard.press("Space")
    for _ in range(3):
        client.page.keyboard.press("ArrowRight")
    expect(client.page.locator("#answer-tevreden-4")).to_be_checked()
    # The others by tapping the large buttons (their labels).
    for question in QUESTIONS[1:]:
        client.page.locator(f"label[for=answer-{question}-5]").tap()
        expect(client.page.locator(f"#answer-{question}-5")).to_be_checked()
    client.page.fill("#comment", "Bel mij gerust op 06-12345678 als het rooster verandert.")
    client.page.click("main form.survey-form [type=submit]")
    expect(client.page.locator("#survey-errors")).to_contain_text("persoonsgegevens")
    expect(client.page.locator("#comment")).to_have_attribute("aria-invalid", "true")
    expect(client.page.locator("#answer-tevreden-4")).to_be_checked()  # nothing is lost
    client.check("comment refused", both_languages=False)

    client.page.fill("#comment", "Fijne begeleider, komt altijd op tijd.")
    client.page.click("main form.survey-form [type=submit]")
    expect(client.page.locator("h1")).to_have_text("Dank u wel!")
    client.check("answered")

    page.goto(f"/consulent/aanvragen/{request_id}/toewijzing")
    expect(page.locator("#survey-title + p")).to_contain_text("Ingevuld door de cliënt")
    expect(page.locator("main")).to_contain_text("Fijne begeleider, komt altijd op tijd.")
    consultant.check("the client's answers")

    winner = people("aanbieder2")
    winner.log_in(PROVIDERS[2])
    winner.page.goto(f"/aanbieder/toewijzingen/{request_id}")
    expect(winner.page.locator("main")).to_contain_text("De cliënt heeft de vragenlijst ingevuld.")
    assert "Fijne begeleider" not in winner.page.content()
    winner.check("the winner's assignment")
