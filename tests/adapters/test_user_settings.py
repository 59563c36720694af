"""/instellingen: every logged-in user's name, language and e-mail notices; a password change that
keeps the browser that changed it logged in and logs out every other; an e-mail address that changes only through the link
sent to the new address, and never says whether that address is taken."""
import re

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.models import User
from tests.support import world
from tests.support.accounts import PASSWORD, add_admins, admin_email, deliver, delivered_to, link_path, parts
from tests.support.steps import html, logged_in

pytestmark = pytest.mark.every_backend

NEW = "nieuw@zorg.example"
PAGE = "/instellingen"


def stored(app, email):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def preferences(**data):
    values = {"profile-name": "Anna Aanbieder", "profile-language": "nl",
              "profile-email_notices": ["outbid", "new_request"]}
    values.update({f"profile-{k}": v for k, v in data.items()})
    return values


def change_password(browser, current=PASSWORD, new="een-nieuw-wachtwoord", confirm=None):
    return browser.post(f"{PAGE}/wachtwoord", data={"password-current_password": current, "password-password": new,
                                                   "password-confirm": confirm or new})


def change_email(browser, new=NEW, current=PASSWORD):
    return browser.post(f"{PAGE}/e-mailadres", data={"email-new_email": new, "email-current_password": current})


def can_log_in(app, email, password) -> bool:
    return app.test_client().post("/inloggen", data={"email": email, "password": password}).status_code == 302


@pytest.mark.parametrize("who", ["consulent", "aanbieder1", "beheer"])
def test_every_logged_in_user_has_a_settings_page_linked_from_the_menu(app, who):
    add_admins(app)
    browser = app.test_client()
    email = admin_email() if who == "beheer" else world.email(who)
    assert browser.post("/inloggen", data={"email": email, "password": PASSWORD}).status_code == 302
    page = browser.get(PAGE)
    assert page.status_code == 200 and email in html(page)
    assert 'href="/instellingen"' in html(page)
    # Only providers get the optional notices; the checkboxes are theirs alone.
    assert ('name="profile-email_notices"' in html(page)) == (who == "aanbieder1")


def test_without_a_login_it_asks_for_one(client):
    for resp in (client.get(PAGE), client.post(PAGE, data=preferences()), change_password(client),
                 change_email(client)):
        assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]


def test_name_language_and_notices_are_saved(app):
    browser = logged_in(app, "aanbieder1")
    resp = browser.post(PAGE, data=preferences(language="en"))
    assert resp.status_code == 302 and resp.headers["Location"] == PAGE
    user = stored(app, world.email("aanbieder1"))
    assert (user.name, user.language, user.email_opt_out) == ("Anna Aanbieder", "en", ["closing_soon", "window_open"])
    page = html(browser.get(PAGE))  # the pages follow the language chosen here
    assert '<html lang="en"' in page and "Anna Aanbieder" in page
    assert re.search(r'<input checked[^>]*value="outbid"', page)
    assert not re.search(r'<input checked[^>]*value="closing_soon"', page)


def test_a_consultant_saving_keeps_the_notice_choices(app):
    browser = logged_in(app, "consulent")
    assert browser.post(PAGE, data={"profile-name": "Nieuwe Naam", "profile-language": "nl"}).status_code == 302
    user = stored(app, world.email("consulent"))
    assert (user.name, user.email_opt_out) == ("Nieuwe Naam", [])


@pytest.mark.parametrize("data, message", [
    ({"language": "fr"}, "Kies een van: nl, en."),
    ({"name": ""}, "Verplicht."),
    ({"name": "x" * 121}, "120"),
    ({"email_notices": ["award"]}, "Kies een van:"),
])
def test_bad_preferences_are_explained_and_change_nothing(app, data, message):
    browser = logged_in(app, "aanbieder1")
    resp = browser.post(PAGE, data=preferences(**data))
    assert resp.status_code == 200 and message in html(resp)
    user = stored(app, world.email("aanbieder1"))
    assert (user.name, user.language, user.email_opt_out) == ("Medewerker 1", "nl", [])


def test_a_password_change_keeps_this_session_and_ends_the_others(app, api):
    browser, other = logged_in(app, "consulent"), logged_in(app, "consulent")
    assert api.get("/api/v1/requests", as_="consulent").status_code == 200
    resp = change_password(browser)
    assert resp.status_code == 302 and resp.headers["Location"] == PAGE
    assert browser.get("/consulent/aanvragen").status_code == 200
    gone = other.get("/consulent/aanvragen")
    assert gone.status_code == 302 and "/inloggen" in gone.headers["Location"]
    assert api.get("/api/v1/requests", as_="consulent").status_code == 401
    assert can_log_in(app, world.email("consulent"), "een-nieuw-wachtwoord")
    assert not can_log_in(app, world.email("consulent"), PASSWORD)
    [message] = delivered_to(app, world.email("consulent"))
    assert message["Subject"] == "Zorgbod: Uw wachtwoord is gewijzigd"


@pytest.mark.parametrize("current, new, confirm, message", [
    ("fout-wachtwoord", "een-nieuw-wachtwoord", None, "Uw huidige wachtwoord klopt niet."),
    (PASSWORD, "kort", None, "minstens 10 tekens"),
    (PASSWORD, "een-nieuw-wachtwoord", "iets-anders-nog", "niet gelijk"),
])
def test_a_refused_password_change_changes_nothing(app, current, new, confirm, message):
    browser = logged_in(app, "consulent")
    resp = change_password(browser, current, new, confirm)
    assert resp.status_code == 200 and message in html(resp)
    assert can_log_in(app, world.email("consulent"), PASSWORD)
    assert browser.get("/consulent/aanvragen").status_code == 200


def test_a_new_address_counts_once_its_link_is_followed(app):
    old = world.email("aanbieder1")
    browser = logged_in(app, "aanbieder1")
    resp = change_email(browser, "Nieuw@Zorg.example")
    assert resp.status_code == 302
    assert NEW in html(browser.get(PAGE))  # "we sent a link to ..."
    assert stored(app, old) is not None and stored(app, NEW) is None
    [message] = delivered_to(app, NEW)
    assert message["Subject"] == "Zorgbod: Bevestig uw nieuwe e-mailadres"
    path = link_path(parts(message)["text/plain"], "/e-mailadres-bevestigen/")
    for _ in range(2):  # opening the link changes nothing yet
        page = browser.get(path)
        assert page.status_code == 200 and NEW in html(page)
    assert stored(app, NEW) is None
    resp = browser.post(path)
    assert resp.status_code == 302 and resp.headers["Location"] == PAGE
    assert stored(app, old) is None and stored(app, NEW).name == "Medewerker 1"
    assert browser.get("/aanbieder/aanvragen").status_code == 200  # still logged in
    assert can_log_in(app, NEW, PASSWORD) and not can_log_in(app, old, PASSWORD)
    [notice] = delivered_to(app, old)
    assert notice["Subject"] == "Zorgbod: Uw e-mailadres is gewijzigd" and NEW in parts(notice)["text/plain"]
    reused = app.test_client().post(path)
    assert reused.status_code == 400 and "al gebruikt" in html(reused)


def test_the_link_also_works_logged_out_and_expires_after_a_day(app, clock):
    browser = logged_in(app, "aanbieder1")
    change_email(browser)
    change_email(browser, "ander@zorg.example")
    messages = deliver(app)
    [first] = [m for m in messages if m["To"] == NEW]
    [second] = [m for m in messages if m["To"] == "ander@zorg.example"]
    first_path = link_path(parts(first)["text/plain"], "/e-mailadres-bevestigen/")
    second_path = link_path(parts(second)["text/plain"], "/e-mailadres-bevestigen/")
    assert app.test_client().post(first_path).status_code == 400  # replaced by the newer link
    clock.advance(24 * 3600)
    expired = app.test_client().post(second_path)
    assert expired.status_code == 400 and "verlopen" in html(expired)
    assert stored(app, world.email("aanbieder1")) is not None


def test_a_taken_address_is_answered_the_same_and_told_by_e_mail(app):
    taken = world.email("aanbieder2")
    browser = logged_in(app, "aanbieder1")
    resp = change_email(browser, taken)
    assert resp.status_code == 302 and resp.headers["Location"] == PAGE
    assert taken in html(browser.get(PAGE))
    [message] = delivered_to(app, taken)
    assert message["Subject"] == "Zorgbod: Uw e-mailadres is niet gewijzigd"
    assert "/e-mailadres-bevestigen/" not in message.as_string()
    assert stored(app, world.email("aanbieder1")) is not None


@pytest.mark.parametrize("new, current, message", [
    ("geen adres", PASSWORD, "Vul een geldig e-mailadres in."),
    (world.email("aanbieder1"), PASSWORD, "Dit is al uw e-mailadres."),
    (NEW, "fout-wachtwoord", "Uw huidige wachtwoord klopt niet."),
])
def test_a_refused_address_change_sends_nothing(app, new, current, message):
    browser = logged_in(app, "aanbieder1")
    resp = change_email(browser, new, current)
    assert resp.status_code == 200 and message in html(resp)
    assert delivered_to(app, NEW) == []


def test_e_mail_follows_the_users_language(app):
    browser = logged_in(app, "aanbieder1")
    browser.post(PAGE, data=preferences(language="en"))
    change_email(browser)
    [message] = delivered_to(app, NEW)
    assert message["Subject"] == "Zorgbod: Confirm your new email address"
    assert "Confirm your new email address" in parts(message)["text/html"]


@pytest.mark.parametrize("path", ["/e-mailadres-bevestigen/onzin"])
def test_a_made_up_confirmation_link_is_refused(client, path):
    assert client.get(path).status_code == 400 and client.post(path).status_code == 400


def test_the_language_switch_on_a_refused_form_returns_to_the_settings(app):
    browser = logged_in(app, "consulent")
    refused = change_password(browser, "fout-wachtwoord")
    assert refused.status_code == 200
    for path in (f"{PAGE}/wachtwoord", f"{PAGE}/e-mailadres"):
        resp = browser.get(path)
        assert resp.status_code == 302 and resp.headers["Location"] == PAGE
