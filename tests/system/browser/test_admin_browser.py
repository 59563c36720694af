"""The beheerder's pages in a real Chromium against a real server (the demo data): the Lelystad
beheerder lands on the overview, looks at every page, changes a tariff and the floor percentage;
then the consultant's new-request form fills in the new maximum and floor as result areas are
picked, and asks for a reason only above the table. axe-core checks every page (Dutch and English).

The server is shared with the other browser tests: only sociaal_netwerk's tariffs and nothing the
other scenarios use are changed here."""
from playwright.sync_api import expect

from .conftest import CONSULTANT

BEHEERDER = ("beheer@lelystad.example", "demo-beheer")


def test_a_beheerder_changes_a_tariff_and_the_consultants_form_fills_in_the_new_maximum(people):
    beheerder = people("beheerder")
    beheerder.log_in(BEHEERDER)
    page = beheerder.page
    expect(page).to_have_url(f"{beheerder.server.url}/beheer")
    expect(page.locator("h1")).to_contain_text("Beheer van gemeente Lelystad")
    beheerder.check("overview")
    for path, label in (("/beheer/catalogus", "catalogue"), ("/beheer/eisen", "requirements"),
                        ("/beheer/instellingen", "settings"), ("/beheer/mail", "failed mail")):
        page.goto(path)
        beheerder.check(label)

    page.goto("/beheer/tarieven")
    beheerder.check("tariffs")
    page.fill("#t-sociaal_netwerk-zwaar", "abc")
    page.get_by_role("button", name="Tarieven opslaan").click()
    expect(page.locator("#t-sociaal_netwerk-zwaar-error")).to_contain_text("Vul een bedrag in euro in")
    beheerder.check("tariffs refused", both_languages=False)
    page.fill("#t-sociaal_netwerk-zwaar", "1.234,00")
    page.fill("#t-sociaal_netwerk-midden", "")
    page.get_by_role("button", name="Tarieven opslaan").click()
    expect(page.locator(".alert-success")).to_contain_text("De tarieventabel is opgeslagen.")
    expect(page.locator("#t-sociaal_netwerk-zwaar")).to_have_value("1.234,00")

    consultant = people("consulent")
    consultant.log_in(CONSULTANT)
    form = consultant.page
    form.goto("/consulent/aanvragen/nieuw")
    max_price, floor_price = form.locator("input[name=max_price]"), form.locator("input[name=floor_price]")
    reason = form.locator("#max-price-reason-box")
    expect(reason).to_be_hidden()
    form.select_option("select[data-tariff-area=sociaal_netwerk]", "zwaar")
    expect(max_price).to_have_value("1.234,00")
    expect(floor_price).to_have_value("493,60")  # 40 percent
    expect(form.locator("#tariff-note")).to_contain_text("€ 1.234,00")
    form.select_option("select[data-tariff-area=huishoudelijke_hulp]", "licht")  # + € 450,00
    expect(max_price).to_have_value("1.684,00")
    form.select_option("select[data-tariff-area=sociaal_netwerk]", "midden")  # no tariff now
    expect(max_price).to_have_value("")
    expect(form.locator("#tariff-note")).to_contain_text("vul zelf een maximumtarief in")
    form.select_option("select[data-tariff-area=sociaal_netwerk]", "")
    expect(max_price).to_have_value("450,00")
    max_price.fill("500,00")  # above the table: a reason is asked
    expect(reason).to_be_visible()
    max_price.fill("400,00")  # lower is fine, and stays as typed
    expect(reason).to_be_hidden()
    form.select_option("select[data-tariff-area=sociaal_netwerk]", "zwaar")
    expect(max_price).to_have_value("400,00")
    consultant.check("new request with tariffs", both_languages=False)
