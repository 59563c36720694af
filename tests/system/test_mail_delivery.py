"""Mail that leaves: the sender against a real SMTP server (aiosmtpd, in this process, on a free
port). What arrives (headers, text and HTML, the recipient's language), a retry after the
server refused once, a permanent failure kept with its error for the beheerder, nothing sent
twice by two senders, .eml files when there is no MAIL_URL, and the e-mail choices."""
import asyncio
import email
import email.policy
import re
import smtplib
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from config import TestConfig
from marketplace import create_app, scheduler
from marketplace.auction import records
from marketplace.auction.errors import Text
from marketplace.extensions import db
from marketplace.mail import outbox, sender
from marketplace.models import EmailOutbox, Gemeente, Notification, User
from tests.support import world
from tests.support.process_control import free_port

OUTBID = Text("U bent overboden op %(reference)s", reference="LEL-2027-0001")
OUTBID_BODY = Text("Een andere aanbieder biedt nu %(amount)s. U kunt uw aanbieding verlagen zolang het bieden "
                   "open is.", amount="€ 1.100,00")
PUBLIC_URL = "https://zorgbod.test"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage


class SmtpInbox:
    """What the server received, and what it answers: the replies in `refusals` first (one per
    message), then "250"."""

    def __init__(self):
        self.received: list[Received] = []
        self.refusals: list[str] = []
        self.delay = 0.0
        self.url = ""
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            if self.refusals:
                return self.refusals.pop(0)
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 2.0.0 Ok: queued"

    def to(self, address: str) -> email.message.EmailMessage:
        [found] = [r.message for r in self.received if r.rcpt_tos == [address]]
        return found


class Logins:
    def __init__(self):
        self.seen = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.seen.append((auth_data.login, auth_data.password))
        # handled=False: aiosmtpd answers a refusal with 535 itself.
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"zorgbod", b"geheim wachtwoord"),
                          handled=False)


def serve(**smtp_options) -> tuple[SmtpInbox, Controller]:
    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **smtp_options)
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{controller.port}"
    return inbox, controller


@pytest.fixture
def smtp():
    inbox, controller = serve()
    yield inbox
    controller.stop()


@pytest.fixture
def mail_app(app, smtp, tmp_path):
    app.config.update(MAIL_URL=smtp.url, MAIL_DIR=str(tmp_path / "mail"), PUBLIC_URL=PUBLIC_URL)
    return app


def send(app, **options) -> sender.Outcome:
    with app.app_context():
        return sender.send_due(db.session, sender.Settings.from_config(app.config), **options)


def user(who: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == world.email(who)))


def lelystad() -> int:
    return db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == "LEL"))


def set_user(app, who: str, **values) -> None:
    with app.app_context():
        found = user(who)
        for key, value in values.items():
            setattr(found, key, value)
        db.session.commit()


def notify(app, *who, kind="outbid", subject=OUTBID, body=OUTBID_BODY) -> None:
    with app.app_context():
        records.notify(db.session, [user(w) for w in who], kind, subject, body, "/aanbieder/aanvragen/1",
                       gemeente_id=lelystad())
        db.session.commit()


def rows(app) -> list[EmailOutbox]:
    with app.app_context():
        found = db.session.scalars(sa.select(EmailOutbox).order_by(EmailOutbox.id)).all()
        db.session.expunge_all()
        return found


def parts(message) -> dict[str, str]:
    assert message.get_content_type() == "multipart/alternative"
    # (What came over SMTP has CRLF line ends; an .eml file has LF.)
    return {part.get_content_type(): part.get_content().replace("\r\n", "\n") for part in message.iter_parts()}


def test_what_arrives_in_each_recipients_language(mail_app, smtp):
    set_user(mail_app, "aanbieder1", language="en")
    notify(mail_app, "aanbieder1", "aanbieder2")
    assert send(mail_app).sent == 2

    english = smtp.to(world.email("aanbieder1"))
    assert english["From"] == "Zorgbod <noreply@zorgbod.example>"
    assert english["To"] == world.email("aanbieder1")
    assert english["Subject"] == "Zorgbod: You have been outbid on LEL-2027-0001"
    assert english["Content-Language"] == "en"
    assert english["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(r"<.+@zorgbod\.example>", english["Message-ID"])
    assert abs(parsedate_to_datetime(english["Date"]).timestamp() - time.time()) < 120
    text, html = parts(english)["text/plain"], parts(english)["text/html"]
    assert "Another provider is now bidding € 1.100,00." in text
    assert f"{PUBLIC_URL}/aanbieder/aanvragen/1" in text and f"{PUBLIC_URL}/instellingen" in text
    assert "View it in Zorgbod" in html and f'href="{PUBLIC_URL}/aanbieder/aanvragen/1"' in html
    assert "overboden" not in text + html

    dutch = smtp.to(world.email("aanbieder2"))
    assert dutch["Subject"] == "Zorgbod: U bent overboden op LEL-2027-0001"
    assert dutch["Content-Language"] == "nl"
    assert "Een andere aanbieder biedt nu € 1.100,00." in parts(dutch)["text/plain"]
    assert {r.mail_from for r in smtp.received} == {"noreply@zorgbod.example"}

    assert [(r.status, r.attempts, r.last_error) for r in rows(mail_app)] == [("sent", 1, None)] * 2
    assert all(r.sent_at is not None for r in rows(mail_app))
    assert send(mail_app).handled == 0 and len(smtp.received) == 2  # sent is sent


def test_a_refusal_is_retried_after_a_pause(mail_app, smtp, clock):
    smtp.refusals.append("451 4.3.0 Try again later")
    notify(mail_app, "aanbieder1")
    assert send(mail_app).retrying == 1 and smtp.received == []
    [row] = rows(mail_app)
    assert (row.status, row.attempts, row.last_error) == ("queued", 1, "451 4.3.0 Try again later")
    assert row.next_attempt_at == clock.now + sender.backoff(1)

    assert send(mail_app).handled == 0  # not before its time
    clock.advance(sender.backoff(1).total_seconds())
    assert send(mail_app).sent == 1
    [row] = rows(mail_app)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(smtp.received) == 1


def test_a_permanent_failure_is_kept_for_the_beheerder(mail_app, smtp):
    smtp.refusals.append("550 5.1.1 Mailbox unavailable")
    notify(mail_app, "aanbieder1")
    assert send(mail_app).failed == 1 and smtp.received == []
    with mail_app.app_context():
        [failed] = outbox.failed_messages(db.session, lelystad())
        assert (failed.status, failed.attempts, failed.last_error) == ("failed", 1, "550 5.1.1 Mailbox unavailable")
        assert failed.to_address == world.email("aanbieder1")
        dronten = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.code == "DRO"))
        assert outbox.failed_messages(db.session, dronten) == []
        assert not outbox.retry(db.session, dronten, failed.id)  # another gemeente's message
        assert outbox.retry(db.session, lelystad(), failed.id)
        db.session.commit()
    assert send(mail_app).sent == 1


def test_after_the_last_attempt_a_message_is_failed(mail_app, smtp, clock):
    attempts = mail_app.config["MAIL_MAX_ATTEMPTS"]
    smtp.refusals.extend(["421 4.7.0 Busy"] * attempts)
    notify(mail_app, "aanbieder1")
    for _ in range(attempts - 1):
        assert send(mail_app).retrying == 1
        clock.advance(sender.BACKOFF_CAP_SECONDS)
    assert send(mail_app).failed == 1
    [row] = rows(mail_app)
    assert (row.status, row.attempts, row.last_error) == ("failed", attempts, "421 4.7.0 Busy")


def test_a_dead_server_ends_the_run_at_once_and_counts_one_attempt(mail_app):
    mail_app.config["MAIL_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    notify(mail_app, "aanbieder1", "aanbieder2")
    started = time.monotonic()
    outcome = send(mail_app)
    assert time.monotonic() - started < 5
    assert (outcome.sent, outcome.retrying, outcome.failed) == (0, 1, 0)
    first, second = rows(mail_app)
    assert first.status == "queued" and first.attempts == 1 and "ConnectionRefusedError" in first.last_error
    assert second.status == "queued" and second.attempts == 0  # the run ended; it waits for the next


def test_the_login_named_in_mail_url():
    inbox, controller = serve(authenticator=(logins := Logins()), auth_require_tls=False)
    try:
        settings = sender.Settings(url=inbox.url.replace("smtp://", "smtp://zorgbod:geheim%20wachtwoord@"),
                                   sender="Zorgbod <noreply@zorgbod.example>", directory=None, timeout=5)
        transport = sender.SmtpTransport(settings)
        message = email.message.EmailMessage()
        message["Subject"] = "x"
        message.set_content("x")
        transport.send(message, settings.envelope_from, "iemand@zorg.example", "x.eml")
        transport.close()
        assert logins.seen == [(b"zorgbod", b"geheim wachtwoord")] and len(inbox.received) == 1

        wrong = sender.SmtpTransport(sender.Settings(url=inbox.url.replace("smtp://", "smtp://zorgbod:fout@"),
                                                     sender=settings.sender, directory=None, timeout=5))
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            wrong.send(message, settings.envelope_from, "iemand@zorg.example", "x.eml")
        # The installation's password, not the message: tried again, and the run ends.
        assert sender.classify(refused.value)[:2] == (True, True)
    finally:
        controller.stop()


@pytest.mark.parametrize("error, expected", [
    (smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"5.1.1 No such user")}), (False, False, "550 5.1.1 No such user")),
    (smtplib.SMTPRecipientsRefused({"a@b.example": (450, b"4.2.0 Greylisted")}), (True, False, "450 4.2.0 Greylisted")),
    (smtplib.SMTPDataError(554, b"5.7.1 Rejected"), (False, False, "554 5.7.1 Rejected")),
    (smtplib.SMTPSenderRefused(451, b"4.3.0 Later", "noreply@zorgbod.example"), (True, False, "451 4.3.0 Later")),
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
     (True, True, "SMTPServerDisconnected: Connection unexpectedly closed")),
    (TimeoutError("timed out"), (True, True, "TimeoutError: timed out")),
])
def test_which_failures_are_temporary(error, expected):
    assert sender.classify(error) == expected


def test_a_message_is_claimed_once(mail_app, clock):
    notify(mail_app, "aanbieder1")
    [row] = rows(mail_app)
    with mail_app.app_context():
        assert sender.claim(db.session, row.id, "sender-a", clock.now)
        assert not sender.claim(db.session, row.id, "sender-b", clock.now)
    [row] = rows(mail_app)
    assert (row.status, row.claimed_by) == ("sending", "sender-a")


@pytest.mark.every_backend
def test_two_senders_never_send_one_message_twice(database_url, smtp):
    apps = [create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url)) for _ in range(2)]
    for app in apps:
        app.config.update(MAIL_URL=smtp.url, MAIL_BATCH_SIZE=100)
    count = 30
    with apps[0].app_context():
        for i in range(count):
            outbox.queue(db.session, f"medewerker{i}@zorg.example", "notice",
                         {"body": f"Bericht {i}", "link": "/inbox"}, subject=f"Bericht {i}")
        db.session.commit()
    smtp.delay = 0.005  # each conversation takes a moment, so the two senders overlap
    start = threading.Barrier(2)
    outcomes: dict[int, sender.Outcome] = {}

    def drain(i: int) -> None:
        with apps[i].app_context():
            start.wait()
            outcomes[i] = sender.send_due(db.session, sender.Settings.from_config(apps[i].config),
                                          worker=f"sender-{i}")

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        addresses = sorted(address for r in smtp.received for address in r.rcpt_tos)
        assert addresses == sorted(f"medewerker{i}@zorg.example" for i in range(count))
        assert outcomes[0].sent + outcomes[1].sent == count
        assert {(r.status, r.attempts) for r in rows(apps[0])} == {("sent", 1)}
    finally:
        for app in apps:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def test_a_claim_left_by_a_sender_that_stopped_is_taken_up_again(mail_app, smtp, clock):
    notify(mail_app, "aanbieder1", "aanbieder2")
    first, second = rows(mail_app)
    with mail_app.app_context():
        assert sender.claim(db.session, first.id, "stopped", clock.now - sender.STALE_AFTER - timedelta(seconds=1))
        assert sender.claim(db.session, second.id, "busy", clock.now - timedelta(minutes=1))
    assert send(mail_app).sent == 1
    first, second = rows(mail_app)
    assert first.status == "sent" and (second.status, second.claimed_by) == ("sending", "busy")


def test_a_message_that_does_not_render_fails_at_once(mail_app, smtp):
    with mail_app.app_context():
        db.session.add(EmailOutbox(to_address="iemand@zorg.example", subject="Zorgbod: x", body="",
                                   template="notice", context={"_subject": "x", "link": ""}, status="queued"))
        db.session.commit()
    assert send(mail_app).failed == 1
    [row] = rows(mail_app)
    assert row.status == "failed" and row.last_error.startswith("UndefinedError")


def test_a_message_queued_before_templates_goes_as_it_was_stored(mail_app, smtp):
    with mail_app.app_context():
        db.session.add(EmailOutbox(to_address="iemand@zorg.example", subject="Zorgbod: Oud bericht",
                                   body="De tekst van toen."))
        db.session.commit()
    assert send(mail_app).sent == 1
    message = smtp.to("iemand@zorg.example")
    assert message["Subject"] == "Zorgbod: Oud bericht"
    assert parts(message)["text/plain"] == "De tekst van toen.\n"


def test_without_mail_url_each_message_is_an_eml_file(app, tmp_path):
    app.config.update(MAIL_URL=None, MAIL_DIR=str(tmp_path / "mail"), PUBLIC_URL=PUBLIC_URL)
    notify(app, "aanbieder1", "aanbieder2")
    result = app.test_cli_runner().invoke(args=["mail", "send-now"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 message(s) as .eml files" in result.output
    files = sorted((tmp_path / "mail").iterdir())
    assert [re.fullmatch(r"\d{8}T\d{6}-\d{6}-notice\.eml", f.name) is not None for f in files] == [True, True]
    messages = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert [m["To"] for m in messages] == [world.email("aanbieder1"), world.email("aanbieder2")]
    assert "U bent overboden op LEL-2027-0001" in parts(messages[0])["text/plain"]
    assert {r.status for r in rows(app)} == {"sent"}


def test_an_optional_notice_respects_the_choice_an_outcome_does_not(mail_app, smtp):
    set_user(mail_app, "aanbieder1", email_opt_out=["outbid", "awarded"])
    notify(mail_app, "aanbieder1")
    notify(mail_app, "aanbieder1", kind="awarded", subject=Text("Gegund: %(reference)s", reference="LEL-2027-0001"),
           body=Text("De cliënt en de gemeente hebben voor uw aanbieding gekozen. U ziet nu de contactgegevens "
                     "van de cliënt."))
    with mail_app.app_context():
        kinds = db.session.scalars(sa.select(Notification.kind).order_by(Notification.id)).all()
    assert kinds == ["outbid", "awarded"]  # the inbox has both
    assert send(mail_app).sent == 1
    assert [r.message["Subject"] for r in smtp.received] == ["Zorgbod: Gegund: LEL-2027-0001"]


def test_the_registration_link_arrives_in_the_registrants_language(mail_app, smtp):
    browser = mail_app.test_client()
    browser.set_cookie("taal", "en")
    resp = browser.post("/registreren", data={
        "name": "Zorg Nieuw", "kvk_number": "87654321", "agb_code": "98765432", "contact_name": "Nina Nieuw",
        "email": "nina@nieuw.example", "phone": "0320-123456", "password": "een-goed-wachtwoord",
        "categories": ["begeleiding_individueel"]})
    assert resp.status_code == 302
    assert send(mail_app).sent == 1
    message = smtp.to("nina@nieuw.example")
    assert message["Subject"] == "Zorgbod: Your registration with Zorgbod"
    text = parts(message)["text/plain"]
    assert "You registered your organisation Zorg Nieuw with Zorgbod." in text
    link = re.search(r"http://localhost(/registreren/bevestigen/\S+)", text).group(1)
    confirmed = browser.post(link)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/aanbieder/status")


def test_the_scheduler_job_delivers(mail_app, smtp, monkeypatch):
    monkeypatch.setattr(scheduler, "_state", {"app": mail_app, "scheduler": None})
    notify(mail_app, "aanbieder1")
    scheduler.run_mail()
    assert len(smtp.received) == 1
