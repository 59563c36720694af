"""A queued message made readable (marketplace.mail.render): subject, text and HTML in the
recipient's language, values escaped in HTML, the app's paths made absolute; and who wants
which notice by e-mail (marketplace.mail.preferences)."""
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from babel.messages.extract import extract_from_file

from marketplace.auction.errors import Text
from marketplace.mail import render as mail_render
from marketplace.mail.preferences import OPTIONAL_NOTICES, wants_email
from marketplace.mail.render import plain, render, wording

BASE = "https://zorgbod.lelystad.example"
OUTBID = Text("U bent overboden op %(reference)s", reference="LEL-2027-0001")
OUTBID_BODY = Text("Een andere aanbieder biedt nu %(amount)s. U kunt uw aanbieding verlagen zolang het bieden "
                   "open is.", amount="€ 1.100,00")


def notice(language="nl", **context):
    values = {"_subject": wording(OUTBID), "body": wording(OUTBID_BODY), "link": "/aanbieder/aanvragen/7", **context}
    return render("notice", values, language, subject=values["_subject"], base_url=BASE + "/")


def test_a_notice_in_dutch():
    message = notice()
    assert message.subject == "Zorgbod: U bent overboden op LEL-2027-0001"
    assert message.text.startswith("U bent overboden op LEL-2027-0001\n\nEen andere aanbieder biedt nu € 1.100,00.")
    assert f"{BASE}/aanbieder/aanvragen/7\n" in message.text
    assert f"{BASE}/instellingen" in message.text  # where to change one's e-mail choices
    assert '<html lang="nl">' in message.html and f'href="{BASE}/aanbieder/aanvragen/7"' in message.html
    assert "Bekijk het in Zorgbod" in message.html and f'href="{BASE}/instellingen"' in message.html


def test_the_same_notice_in_english():
    message = notice("en")
    assert message.subject == "Zorgbod: You have been outbid on LEL-2027-0001"
    assert "Another provider is now bidding € 1.100,00." in message.text
    assert "View it in Zorgbod" in message.html and '<html lang="en">' in message.html
    assert "overboden" not in message.text + message.html
    assert "account" in message.text and "Settings" in message.text


def test_an_unknown_language_is_dutch():
    assert notice("fr").subject == notice("nl").subject


def test_values_are_escaped_in_html_and_kept_in_text():
    message = render("registration", {"case": "new", "name": "Zorg & Co <b>", "hours": 24,
                                      "link": "http://localhost/registreren/bevestigen/a.b.c"},
                     "nl", subject=Text("Uw registratie bij Zorgbod"))
    assert "Zorg &amp; Co &lt;b&gt;" in message.html and "<b>" not in message.html
    assert "Zorg & Co <b>" in message.text
    # The link stands on a line of its own, so a mail program makes it clickable whole.
    assert "\nhttp://localhost/registreren/bevestigen/a.b.c\n" in message.text


@pytest.mark.parametrize("case, expected", [
    ("new", "Complete the registration through this link (valid for 24 hours):"),
    ("email_taken", "there already is an account with this address"),
    ("organisation_taken", "there already is an organisation with this KvK number or AGB code"),
])
def test_each_registration_answer_in_english(case, expected):
    message = render("registration", {"case": case, "name": "Zorg Nieuw", "hours": 24,
                                      "link": "http://localhost/registreren/bevestigen/x"},
                     "en", subject=Text("Uw registratie bij Zorgbod"))
    assert message.subject == "Zorgbod: Your registration with Zorgbod"
    assert expected in message.text
    assert ("registreren/bevestigen" in message.text) == (case == "new")
    # Someone without an account is told why they got it, and sent to no settings page.
    assert "/instellingen" not in message.text + message.html
    assert "this e-mail address was given when registering" in message.text


def test_a_missing_value_fails_at_once():
    with pytest.raises(jinja2.UndefinedError):
        render("notice", {"_subject": "x", "link": ""}, "nl", subject="x")


def test_a_message_from_before_templates_is_sent_as_it_was_stored():
    message = plain("Zorgbod: Oud bericht", "Regel een\n\nRegel <twee>")
    assert message.text == "Regel een\n\nRegel <twee>\n"
    assert "Regel &lt;twee&gt;" in message.html


def test_wording_keeps_what_translation_needs():
    assert wording(OUTBID) == {"msgid": "U bent overboden op %(reference)s", "params": {"reference": "LEL-2027-0001"}}
    assert wording("gewoon") == "gewoon" and wording(5) == 5


def user(opt_out):
    return SimpleNamespace(email_opt_out=opt_out)


@pytest.mark.parametrize("kind", sorted(OPTIONAL_NOTICES))
def test_an_optional_notice_can_be_switched_off(kind):
    assert wants_email(user([]), kind)
    assert not wants_email(user([kind]), kind)
    assert wants_email(user(None), kind)


@pytest.mark.parametrize("kind", ["awarded", "not_chosen", "closed", "cancelled", "admission_approved"])
def test_outcome_and_account_messages_always_go(kind):
    assert wants_email(user([kind, *OPTIONAL_NOTICES]), kind)


def mail_msgids():
    for path in sorted(Path(mail_render.TEMPLATES).glob("*.*")):
        for _line, message, _comments, _context in extract_from_file(
                "jinja2", str(path), keywords={"_": None, "gettext": None}, options={"trimmed": "true"}):
            yield path.name, message


@pytest.mark.parametrize("template, msgid", list(mail_msgids()), ids=lambda v: str(v)[:40])
def test_every_sentence_of_every_mail_has_its_english(template, msgid):
    catalogue = mail_render.translations("en")
    assert msgid in catalogue._catalog, f"{template}: no English for {msgid!r} (messages.po)"
