"""Every flow in a real headless Chromium against a real server: providers bidding against each
other live, refusals in words, the window closing and extending by itself, a countdown that
trusts the server's clock and not the browser's, the consultant's form, and the client at a
tablet choosing before the consultant awards. axe-core checks every page on the way (Dutch and
English); screenshots land in test-artifacts/browser/."""
import re
import time
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.support.processes import eventually, publish_window

from .conftest import CONSULTANT, PROVIDERS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SAMEN = "Zorg Samen B.V."          # aanbieder1's organisation in the demo data
FLEVOLAND = "Thuishulp Flevoland"  # aanbieder2's
TABLET = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True}


def open_request(api, seconds: float, soft_close: int = 0, max_extension: int = 0,
                 client_name: str = "Truus Testcliënt") -> int:
    """A request of the demo gemeente whose window is open now and closes in `seconds`."""
    request_id, _ = publish_window(api, api.token(CONSULTANT), seconds, soft_close=soft_close,
                                   max_extension=max_extension, client_name=client_name,
                                   address="Kastanjelaan 7, 8232 AA Lelystad")
    return request_id


def api_bid(api, provider: int, request_id: int, price_cents: int) -> None:
    resp = api.bid(api.token(PROVIDERS[provider]), request_id, price_cents)
    assert resp.status_code == 201, resp.text


def wait_for_status(api, request_id: int, status: str, timeout: float = 20) -> None:
    token = api.token(CONSULTANT)
    eventually(lambda: api.request(token, request_id)["status"] == status, timeout, f"request becomes {status}")


def provider_on_request(people, number: int, request_id: int, **context):
    provider = people(f"aanbieder{number}", **context)
    provider.log_in(PROVIDERS[number])
    provider.page.goto(f"/aanbieder/aanvragen/{request_id}")
    expect(provider.page.locator("#conn-state")).to_have_class(re.compile("conn-connected"))
    return provider


def bid_in_form(page, price: str, first: bool = True) -> None:
    page.fill("#price", price)
    if first:
        page.fill("#start_date", (datetime.now(AMSTERDAM).date() + timedelta(days=30)).isoformat())
        page.fill("#approach", "Een vaste begeleider komt elke week langs en helpt met de post.")
    page.click("#submit")


def test_two_providers_see_each_others_revisions_live_and_every_refusal_in_words(people, api):
    request_id = open_request(api, seconds=600)
    a = provider_on_request(people, 1, request_id)
    b = provider_on_request(people, 2, request_id)
    consultant = people("consulent")
    consultant.log_in(CONSULTANT)
    consultant.page.goto(f"/consulent/aanvragen/{request_id}")
    expect(consultant.page.locator("#live-conn")).to_have_class(re.compile("conn-connected"))
    a.check("bidding page before any offer")

    bid_in_form(a.page, "1.200,00")
    expect(a.page.locator("#bid-answer")).to_contain_text("€ 1.200,00 is ontvangen")
    # B sees A's offer without reloading, anonymously, within a second of A's answer.
    expect(b.page.locator("#ladder-body tr")).to_have_count(1, timeout=1_000)
    expect(b.page.locator("#ladder-body")).to_contain_text("€ 1.200,00")
    expect(b.page.locator("#ladder-body")).not_to_contain_text(SAMEN)
    # The consultant's live table names the provider.
    expect(consultant.page.locator("#live-offers-body")).to_contain_text(SAMEN, timeout=1_000)

    # B undercuts from the keyboard: type the price, Tab reaches the date, type the plan, press Enter. (The
    # date is filled directly: typing into a native date field depends on the browser's locale.)
    b.page.fill("#start_date", (datetime.now(AMSTERDAM).date() + timedelta(days=28)).isoformat())
    b.page.locator("#price").focus()
    b.page.keyboard.type("1.150,00")
    b.page.keyboard.press("Tab")
    expect(b.page.locator("#start_date")).to_be_focused()
    b.page.locator("#approach").focus()  # Tab would walk the date's day, month and year first
    b.page.keyboard.type("Wij helpen met administratie en dagstructuur.")
    b.page.locator("#price").focus()
    b.page.keyboard.press("Enter")
    expect(b.page.locator("#bid-answer")).to_contain_text("€ 1.150,00 is ontvangen")
    expect(a.page.locator("#ladder-body tr").first).to_contain_text("€ 1.150,00", timeout=1_000)
    # A hears it lost first place through the polite live region, not by watching the table.
    expect(a.page.locator("#live-announce")).to_contain_text("plaats 2 van 2", timeout=1_000)
    expect(a.page.locator("#my-rank")).to_have_text("2 van 2")

    # A revision that is not at least the minimum step lower: the server's reason, in words.
    bid_in_form(a.page, "1.199,50", first=False)
    answer = a.page.locator("#bid-answer")
    expect(answer).to_contain_text("Uw nieuwe prijs moet minstens € 1,00 lager zijn dan uw vorige prijs")
    expect(a.page.locator("#my-offer-price")).to_have_text("€ 1.200,00")
    a.check("refused revision", both_languages=False)
    # The same refusal on the English page: the socket answers in the page's language.
    a.set_language("en")
    a.page.reload()
    bid_in_form(a.page, "1.199,50", first=False)
    expect(answer).to_contain_text("Your new price must be at least € 1,00 lower than your previous price")
    a.check("refused revision (English page)", both_languages=False)
    a.set_language("nl")
    b.check("leading after an undercut")
    expect(consultant.page.locator("#live-offers-body tr").first).to_contain_text(FLEVOLAND)
    consultant.check("live offers")


def test_offline_the_form_is_disabled_and_on_reconnect_the_page_shows_the_full_state(people, api):
    request_id = open_request(api, seconds=600)
    a = provider_on_request(people, 1, request_id)
    a.context.set_offline(True)
    expect(a.page.locator("#conn-state")).to_have_class(re.compile("conn-offline"))
    expect(a.page.locator("#price")).to_be_disabled()
    a.check("offline", both_languages=False)

    api_bid(api, 2, request_id, 120000)  # while A is away
    a.context.set_offline(False)
    expect(a.page.locator("#conn-state")).to_have_class(re.compile("conn-connected"), timeout=15_000)
    expect(a.page.locator("#ladder-body")).to_contain_text("€ 1.200,00")
    expect(a.page.locator("#price")).to_be_enabled()


def test_the_window_closes_by_itself_and_the_page_takes_no_more_input(people, api):
    request_id = open_request(api, seconds=8)
    a = provider_on_request(people, 1, request_id)
    bid_in_form(a.page, "1.100,00")
    expect(a.page.locator("#bid-answer")).to_contain_text("is ontvangen")

    expect(a.page.locator("#status-label")).to_have_text("Gesloten", timeout=20_000)
    expect(a.page.locator("#price")).to_be_disabled()
    expect(a.page.locator("#submit")).to_be_disabled()
    expect(a.page.locator("#bid-closed-note")).to_be_visible()
    # Whatever a browser still sends, the server refuses.
    late = api.bid(api.token(PROVIDERS[1]), request_id, 100000)
    assert late.status_code == 409 and late.json()["error"]["code"] == "window_closed"
    a.check("closed window")


def test_a_soft_close_extension_appears_on_both_providers_pages(people, api):
    request_id = open_request(api, seconds=40, soft_close=120, max_extension=600)
    a = provider_on_request(people, 1, request_id)
    b = provider_on_request(people, 2, request_id)
    before = b.page.locator("#closes-at").inner_text()

    bid_in_form(a.page, "1.100,00")  # the best price, inside the last two minutes: it extends
    for provider in (a, b):
        expect(provider.page.locator("#extended-notice")).to_be_visible(timeout=2_000)
    expect(b.page.locator("#closes-at")).not_to_have_text(before)
    expect(b.page.locator("#live-announce")).to_contain_text("verlengd")
    b.check("extended window")


def test_the_countdown_follows_the_server_clock_when_the_browser_clock_is_ten_minutes_off(people, api):
    request_id = open_request(api, seconds=15 * 60)
    for name, skew in (("ahead", timedelta(minutes=10)), ("behind", timedelta(minutes=-10))):
        provider = people(f"aanbieder1-clock-{name}")
        provider.page.clock.install(time=datetime.now(timezone.utc) + skew)
        provider.log_in(PROVIDERS[1])
        provider.page.goto(f"/aanbieder/aanvragen/{request_id}")
        expect(provider.page.locator("#conn-state")).to_have_class(re.compile("conn-connected"))
        time.sleep(1.5)  # let the page's own one-second tick run on the skewed clock
        shown = provider.page.locator("#countdown").inner_text()
        minutes, seconds = (int(part) for part in shown.split(":"))
        left = minutes * 60 + seconds
        assert 13 * 60 < left <= 15 * 60, f"browser clock {name} by 10 minutes: countdown shows {shown}"
        assert provider.page.locator("#price").is_enabled()
        provider.check(f"countdown with the clock {name}", both_languages=False)


def test_the_consultant_posts_a_request_through_the_form(people):
    consultant = people("consulent")
    consultant.log_in(CONSULTANT)
    consultant.page.goto("/consulent/aanvragen")
    consultant.check("request list")
    page = consultant.page
    page.goto("/consulent/aanvragen/nieuw")
    consultant.check("new request form")

    # First without the required fields: the form says what is missing, in place.
    page.click("form.stack [type=submit]")
    expect(page.locator(".field-error").first).to_be_visible()
    consultant.check("new request form with errors", both_languages=False)
    consultant.set_language("en")
    page.goto("/consulent/aanvragen/nieuw")
    page.click("form.stack [type=submit]")
    expect(page.locator(".field-error").first).to_be_visible()
    consultant.check("new request form with errors (English)", both_languages=False)
    consultant.set_language("nl")
    page.goto("/consulent/aanvragen/nieuw")

    now = datetime.now(AMSTERDAM)
    page.select_option("select[name=category]", "begeleiding_individueel")
    page.locator("select[name^=area_]").first.select_option(index=2)
    page.fill("input[name=region]", "823")
    page.fill("input[name=start_date]", (now.date() + timedelta(days=30)).isoformat())
    page.fill("input[name=duration_weeks]", "26")
    # A name and a street slipped into the need: the draft is kept, the findings are shown.
    page.fill("textarea[name=description]", "Mevrouw Jansen aan de Dorpsstraat 4 wil hulp bij haar administratie.")
    page.fill("input[name=max_price]", "1.500,00")
    page.fill("input[name=floor_price]", "800,00")
    # Whole minutes in the future, so the request is scheduled, not opened at once.
    page.fill("input[name=opens_at]", (now + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=closes_at]", (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=client_name]", "Form Cliënt")
    page.check("input[name=publish_now]")
    page.click("form.stack [type=submit]")
    expect(page.locator(".marked-text mark")).to_have_count(2)
    expect(page.locator(".marked-text mark").first).to_contain_text("Jansen")
    consultant.check("personal data found", both_languages=False)
    consultant.set_language("en")
    page.get_by_role("button", name="Publiceren", exact=True).click()  # this page is still Dutch
    expect(page.locator("#screening-alert")).to_contain_text("Not published")
    consultant.check("personal data found (English)", both_languages=False)
    consultant.set_language("nl")
    page.goto(re.sub(r"/publiceren$", "", page.url))  # the draft's own page

    # Corrected on the draft's page, then published.
    page.fill("#draft-description", "Hulp bij administratie en het plannen van de week.")
    page.get_by_role("button", name="Omschrijving opslaan").click()
    page.get_by_role("button", name="Publiceren", exact=True).click()
    expect(page).to_have_url(re.compile(r"/consulent/aanvragen/\d+$"))
    expect(page.locator(".status")).to_contain_text("Gepland")
    consultant.check("new request saved")


def test_the_client_chooses_on_a_tablet_the_consultant_awards_and_only_the_winner_sees_the_client(people, api):
    client_name = f"Cliënt {uuid.uuid4().hex[:8]}"
    request_id = open_request(api, seconds=6, client_name=client_name)
    api_bid(api, 1, request_id, 110000)  # Zorg Samen: dearer
    api_bid(api, 2, request_id, 105000)  # Thuishulp Flevoland: the lowest
    wait_for_status(api, request_id, "closed")

    consultant = people("consulent")
    consultant.log_in(CONSULTANT)
    consultant.page.goto(f"/consulent/aanvragen/{request_id}")
    consultant.check("closed request")
    # A code made on the English page, then a new one on the Dutch page (which replaces it).
    consultant.set_language("en")
    consultant.page.goto(f"/consulent/aanvragen/{request_id}")
    consultant.page.click("form[action$='/clientcode'] [type=submit]")
    consultant.check("client code (English)", both_languages=False)
    consultant.set_language("nl")
    consultant.page.goto(f"/consulent/aanvragen/{request_id}")
    consultant.page.click("form[action$='/clientcode'] [type=submit]")
    code = consultant.page.locator("#code-title").inner_text().rsplit(":", 1)[1].strip()
    assert code
    consultant.check("client code", both_languages=False)

    client = people("client-tablet", **TABLET)
    client.page.goto("/client/")
    client.check("code entry")
    client.page.fill("input[name=code]", code)
    client.page.click("main form [type=submit]")
    expect(client.page).to_have_url(re.compile("/client/aanbiedingen"))
    cards = client.page.locator(".card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text(FLEVOLAND)  # lowest price first
    client.check("comparing offers")
    # Not the cheapest: the client may choose what suits them.
    client.page.locator(".card", has_text=SAMEN).locator("button").click()
    expect(client.page).to_have_url(re.compile("/client/gekozen"))
    expect(client.page.locator("main [role=status]")).to_contain_text(f"U heeft gekozen voor {SAMEN}")
    client.check("choice made")

    page = consultant.page
    page.goto(f"/consulent/aanvragen/{request_id}")
    expect(page.locator("#motivation-needed")).to_be_visible()
    page.click("form[action$='/gunnen'] [type=submit]")  # without the required motivation
    expect(page.locator(".field-error")).to_be_visible()
    consultant.check("award refused without motivation", both_languages=False)
    consultant.set_language("en")
    page.goto(f"/consulent/aanvragen/{request_id}")
    page.click("form[action$='/gunnen'] [type=submit]")
    expect(page.locator(".field-error")).to_be_visible()
    consultant.check("award refused without motivation (English)", both_languages=False)
    consultant.set_language("nl")
    page.goto(f"/consulent/aanvragen/{request_id}")
    page.fill("textarea[name=motivation]", "De cliënt kent deze begeleider al en kan eerder beginnen.")
    page.click("form[action$='/gunnen'] [type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    consultant.check("awarded")
    # The client's access log names the reads so far; the inzage is everything held, to print.
    page.goto(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek")
    expect(page.locator("main table")).to_contain_text("Marieke Visser")
    consultant.check("client access log")
    page.goto(f"/consulent/aanvragen/{request_id}/inzage")
    expect(page.locator("main")).to_contain_text(client_name)
    consultant.check("inzage")

    winner = people("aanbieder1")
    winner.log_in(PROVIDERS[1])
    winner.page.goto(f"/aanbieder/aanvragen/{request_id}")
    expect(winner.page.locator("#outcome-heading")).to_have_text("Gegund aan uw organisatie")
    expect(winner.page.locator("main")).to_contain_text(client_name)
    expect(winner.page.locator("main")).to_contain_text("Kastanjelaan 7")
    winner.check("winner sees the client")

    loser = people("aanbieder2")
    loser.log_in(PROVIDERS[2])
    loser.page.goto(f"/aanbieder/aanvragen/{request_id}")
    expect(loser.page.locator("#outcome-heading")).to_have_text("Niet gekozen")
    assert client_name not in loser.page.content()
    assert "Kastanjelaan" not in loser.page.content()
    loser.check("loser does not")


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def test_the_pages_fit_a_phone(people, api):
    request_id = open_request(api, seconds=600)
    visitor = people("phone-visitor", **PHONE)
    visitor.page.goto("/")
    visitor.check("home on a phone")
    provider = provider_on_request(people, 3, request_id, **PHONE)
    provider.check("bidding page on a phone")
    consultant = people("consulent-phone", **PHONE)
    consultant.log_in(CONSULTANT)
    consultant.page.goto("/consulent/aanvragen")
    consultant.check("request list on a phone")
    consultant.page.goto(f"/consulent/aanvragen/{request_id}")
    consultant.check("live request on a phone")
