"""Accounts in a real Chromium against a real server (the demo data, mail written as .eml files
under the server's instance/mail/): the Lelystad beheerder invites a consultant, who follows the
link in the delivered invitation, chooses a password and lands logged in; changes their settings;
is deactivated and loses the page at once. Someone who forgot a password asks for a link. axe-core
checks every page on the way (Dutch and English)."""
import email
import email.policy
import re
import time
from pathlib import Path

from playwright.sync_api import expect

BEHEERDER = ("beheer@lelystad.example", "demo-beheer")
NEWCOMER = "nieuwe.consulent@lelystad.example"


def delivered_link(server, to_address: str, prefix: str, timeout: float = 30.0) -> str:
    """The path of the link in the newest .eml file to `to_address` (the embedded scheduler's
    sender writes them every few seconds)."""
    mail_dir = Path(server.log_path).parent / "instance" / "mail"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.eml"), reverse=True) if mail_dir.exists() else ():
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == to_address:
                text = message.get_body(preferencelist=("plain",)).get_content()
                found = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", text)
                assert found, text
                return found.group(1)
        time.sleep(0.5)
    raise AssertionError(f"no e-mail to {to_address} in {mail_dir} within {timeout:.0f} s")


def test_an_invited_consultant_sets_a_password_through_the_e_mailed_link(people, server):
    beheerder = people("beheerder")
    beheerder.log_in(BEHEERDER)
    page = beheerder.page
    page.goto("/beheer/medewerkers")
    expect(page.locator("main table")).to_contain_text("consulent@lelystad.example")
    beheerder.check("staff page")
    page.fill("input[name=name]", "Noor Nieuw")
    page.fill("input[name=email]", NEWCOMER)
    page.select_option("select[name=role]", "consultant")
    page.click("main section form [type=submit]")
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text(NEWCOMER)
    expect(page.locator("main table")).to_contain_text("Uitgenodigd")
    beheerder.check("staff page after an invitation", both_languages=False)

    newcomer = people("newcomer")
    newcomer.page.goto(delivered_link(server, NEWCOMER, "/uitnodiging/"))
    expect(newcomer.page.locator("main")).to_contain_text(NEWCOMER)
    newcomer.check("invitation page")
    newcomer.page.fill("input[name=password]", "kort")
    newcomer.page.fill("input[name=confirm]", "kort")
    newcomer.page.click("main form [type=submit]")
    newcomer.page.wait_for_load_state()
    expect(newcomer.page.locator(".field-error")).to_contain_text("minstens 10 tekens")
    newcomer.check("invitation refused", both_languages=False)
    newcomer.page.fill("input[name=password]", "een-goed-wachtwoord")
    newcomer.page.fill("input[name=confirm]", "een-goed-wachtwoord")
    newcomer.page.click("main form [type=submit]")
    newcomer.page.wait_for_load_state()
    assert "/consulent/aanvragen" in newcomer.page.url

    newcomer.page.goto("/instellingen")
    newcomer.check("settings page")
    newcomer.page.fill("input[name='profile-name']", "Noor van Nieuw")
    newcomer.page.click("#profile-submit")
    newcomer.page.wait_for_load_state()
    expect(newcomer.page.locator(".alert-success")).to_be_visible()
    newcomer.page.fill("input[name='password-current_password']", "fout-wachtwoord")
    newcomer.page.fill("input[name='password-password']", "een-ander-wachtwoord")
    newcomer.page.fill("input[name='password-confirm']", "een-ander-wachtwoord")
    newcomer.page.click("#password-submit")
    newcomer.page.wait_for_load_state()
    expect(newcomer.page.locator(".field-error")).to_contain_text("klopt niet")
    newcomer.check("settings refused", both_languages=False)

    page.goto("/beheer/medewerkers")
    page.locator("tr", has_text=NEWCOMER).locator("button.danger").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text("gedeactiveerd")
    newcomer.page.goto("/consulent/aanvragen")
    assert "/inloggen" in newcomer.page.url


def test_someone_who_forgot_the_password_asks_for_a_link(people):
    visitor = people("visitor")
    page = visitor.page
    page.goto("/inloggen")
    page.click("text=Wachtwoord vergeten?")
    page.wait_for_load_state()
    visitor.check("forgot password page")
    page.fill("input[name=email]", "niemand@nergens.example")
    page.click("main form [type=submit]")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Controleer uw e-mail")
    visitor.check("reset asked")
    page.goto("/wachtwoord-herstellen/onzin")
    expect(page.locator("main")).to_contain_text("al gebruikt of niet meer geldig")
    visitor.check("a link that is no longer valid")
