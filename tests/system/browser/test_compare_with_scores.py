"""In a real Chromium against a real server: a consultant compares the offers of a request with
award criteria, each with its provider's record in the gemeente and its score, scores the plans
of approach with the client, and awards the offer second by score, which takes a motivation;
the client, on a phone, reads each provider's record in plain words. axe-core checks every
page (Dutch and English); screenshots land in test-artifacts/browser/."""
import re
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.support.history import add_assignment, ids
from tests.support.processes import eventually

from .conftest import CONSULTANT, PROVIDERS

SAMEN = "Zorg Samen B.V."  # aanbieder1's organisation in the demo data
WEIGHTS = {"price": 40, "start_date": 10, "approach": 20, "record": 30}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def server_database_url(server) -> str:
    """The running server's own database (its DATABASE_URL, as start_embedded set it)."""
    environ = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
    return next(item.split(b"=", 1)[1].decode() for item in environ if item.startswith(b"DATABASE_URL="))


def give_samen_a_record(server) -> None:
    """Six assignments of Zorg Samen in Lelystad, each started on its offered day, two with a
    survey (5.0 and 4.6): a provider that is not new, with satisfaction "4,8 from 2 answers"
    on top of whatever the demo history holds."""
    engine = sa.create_engine(server_database_url(server), connect_args={"timeout": 30})
    today = date.today()
    with Session(engine) as session:
        gemeente_id, organisation_id = ids(session, "Lelystad", SAMEN)
        for n in range(6):
            awarded = today - timedelta(days=300 - 30 * n)
            add_assignment(session, gemeente_id, organisation_id, awarded_on=awarded,
                           offered=awarded + timedelta(days=7), started_on=awarded + timedelta(days=7),
                           survey_mean=(5.0, 4.6)[n] if n < 2 else None, outcomes=("achieved",))
        session.commit()
    engine.dispose()


def scored_request(api, seconds: float) -> int:
    """A request with award criteria, open now and closing in `seconds`."""
    token = api.token(CONSULTANT)
    now = datetime.now(timezone.utc)
    body = {
        "category": "begeleiding_individueel",
        "result_areas": [{"code": "administratie_financien", "complexity": "midden"}],
        "region": "823", "start_date": (now + timedelta(days=30)).date().isoformat(), "duration_weeks": 26,
        "max_price_cents": 150000, "floor_price_cents": 60000,
        "description": "Hulp bij administratie en dagstructuur.",
        "opens_at": now.isoformat(), "closes_at": (now + timedelta(seconds=seconds)).isoformat(),
        "visibility": "open", "soft_close_seconds": 0, "award_criteria": WEIGHTS,
        "client": {"name": f"Cliënt {uuid.uuid4().hex[:8]}", "bsn": "111222333",
                   "address": "Kastanjelaan 7, 8232 AA Lelystad", "phone": "06-11112222"},
    }
    created = api.call("POST", "/api/v1/requests", token, body)
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    published = api.call("POST", f"/api/v1/requests/{request_id}/publish", token)
    assert published.status_code == 200, published.text
    return request_id


def test_the_consultant_compares_records_and_scores_and_awards_the_second_best_with_a_motivation(
        people, api, server):
    give_samen_a_record(server)
    request_id = scored_request(api, seconds=6)
    for provider, price in ((1, 118000), (2, 95000), (3, 104000)):
        resp = api.bid(api.token(PROVIDERS[provider]), request_id, price)
        assert resp.status_code == 201, resp.text
    token = api.token(CONSULTANT)
    eventually(lambda: api.request(token, request_id)["status"] == "closed", 20, "the request closes")

    consultant = people("consulent")
    consultant.log_in(CONSULTANT)
    page = consultant.page
    page.goto(f"/consulent/aanvragen/{request_id}")
    expect(page.locator("#quality-title")).to_have_text("Ervaring en score per aanbieding")
    samen = page.locator(".card", has_text=SAMEN)
    expect(samen).to_contain_text(re.compile(r"\d,\d uit \d+ antwoorden"))  # a rate with its count
    expect(samen).to_contain_text(re.compile(r"van de \d+ keer"))
    expect(page.locator(".card h4", has_text="Ervaring in deze gemeente")).to_have_count(3)
    page.locator("#score-formula summary").click()
    expect(page.locator("#score-formula")).to_contain_text("elke dag later kost 100/28 punt")
    expect(page.locator(".score-total").first).to_contain_text("Voorlopig")  # nothing assessed yet
    consultant.check("comparison with records and scores")

    # Score each plan of approach with the client: Zorg Samen's 5, the others 3.
    offers = api.call("GET", f"/api/v1/requests/{request_id}/offers", token).json()["offers"]
    for offer in offers:
        approach = 5 if offer["provider"]["name"] == SAMEN else 3
        card = page.locator(f"#offer-quality-{offer['bid_id']}")
        card.locator(f"input[value='{approach}']").check()
        card.locator("form.assessment [type=submit]").click()
        expect(page.locator(".alert-success")).to_contain_text("De beoordeling van het plan van aanpak is opgeslagen.")
        expect(page.locator(f"#offer-quality-{offer['bid_id']}")).to_contain_text(
            f"Beoordeeld met de cliënt: {approach} van 5.")
    expect(page.locator(".score-total", has_text="Voorlopig")).to_have_count(0)
    consultant.check("every plan of approach assessed")

    # The client, on a phone, reads each record in plain words.
    page.click("form[action$='/clientcode'] [type=submit]")
    code = page.locator("#code-title").inner_text().rsplit(":", 1)[1].strip()
    client = people("client-phone", **PHONE)
    client.page.goto("/client/")
    client.page.fill("input[name=code]", code)
    client.page.click("main form [type=submit]")
    expect(client.page).to_have_url(re.compile("/client/aanbiedingen"))
    expect(client.page.locator(".card", has_text=SAMEN)).to_contain_text("Gestart op de afgesproken datum:")
    expect(client.page.locator("main")).to_contain_text("Ervaringen in deze gemeente")
    client.check("the client reads each record")

    # The client prefers the offer second by score: the consultant records that choice and awards it.
    offers = api.call("GET", f"/api/v1/requests/{request_id}/offers", token).json()["offers"]
    by_score = sorted(offers, key=lambda o: o["score_rank"])
    assert by_score[0]["score"] > by_score[1]["score"], by_score
    second = by_score[1]
    page.goto(f"/consulent/aanvragen/{request_id}")
    page.locator("form[action$='/keuze']", has=page.locator(f"input[value='{second['bid_id']}']")) \
        .locator("[type=submit]").click()
    expect(page.locator("#motivation-needed")).to_contain_text("niet de hoogste score")
    page.click("form[action$='/gunnen'] [type=submit]")  # without the required motivation
    expect(page.locator(".field-error")).to_contain_text("niet de eerste op score")
    consultant.check("award refused without motivation", both_languages=False)
    page.fill("textarea[name=motivation]", "De cliënt kent deze begeleider al; het plan past bij haar week.")
    page.click("form[action$='/gunnen'] [type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#awarded-title")).to_be_visible()
    consultant.check("awarded to the second best score")
    award = api.call("GET", f"/api/v1/requests/{request_id}/award", token).json()
    assert award["bid"]["bid_id"] == second["bid_id"] and award["motivation"].startswith("De cliënt kent")
