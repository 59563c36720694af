"""The sender: delivers the outbox in batches, over SMTP when MAIL_URL is set, or as .eml files
in MAIL_DIR (instance/mail/) when it is not. It runs as a job of the scheduler's process and from
`flask mail send-now`, never in a web request, so a dead mail server never slows a bid or a page.

Each message is claimed in the database before it is sent (a conditional UPDATE, committed
before the SMTP conversation starts), so two senders never send one message twice. A temporary
failure (a 4xx reply, no connection, a timeout) queues it again after a growing pause; a
permanent one (a 5xx reply, a template that does not render), or the last allowed attempt,
marks it failed with its error for the beheerder. A sender that died mid-message leaves a claim
that goes back to the queue after STALE_AFTER: that message may then arrive twice, never not
at all. Logs carry the outbox id only, never an address or a text."""
import logging
import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction import transactions
from ..models import EmailOutbox
from .outbox import FAILED, QUEUED, SENDING, SENT
from .render import Rendered, plain, render

log = logging.getLogger(__name__)
_outbox = EmailOutbox.__table__

# The pause after the n-th failed attempt: 2, 4, 8, 16 minutes..., at most an hour.
BACKOFF_SECONDS = 120
BACKOFF_CAP_SECONDS = 3600
# A claim older than this belongs to a sender that stopped mid-message.
STALE_AFTER = timedelta(minutes=10)
SCHEMES = {"smtp": 25, "smtps": 465}


class MailConfigError(ValueError):
    """MAIL_URL cannot be used (its scheme or host): nothing can be sent until it is fixed."""


@dataclass(frozen=True)
class Settings:
    url: str | None  # smtp://user:password@host:port or smtps://...; None: .eml files in `directory`
    sender: str  # the From header, "Zorgbod <noreply@zorgbod.example>"
    directory: Path | None
    base_url: str = ""  # makes the app's own paths in a message absolute
    batch_size: int = 50
    max_attempts: int = 5
    timeout: float = 10.0

    @classmethod
    def from_config(cls, config) -> "Settings":
        """From the app's configuration (a mapping with the MAIL_* keys, config.py)."""
        return cls(url=config.get("MAIL_URL") or None, sender=config["MAIL_FROM"],
                   directory=Path(config["MAIL_DIR"]), base_url=config.get("PUBLIC_URL") or "",
                   batch_size=int(config.get("MAIL_BATCH_SIZE", 50)),
                   max_attempts=int(config.get("MAIL_MAX_ATTEMPTS", 5)),
                   timeout=float(config.get("MAIL_TIMEOUT", 10)))

    @property
    def envelope_from(self) -> str:
        return parseaddr(self.sender)[1]

    def check(self) -> None:
        """Raise MailConfigError when MAIL_URL is set but unusable."""
        if self.url is None:
            return
        parts = urlsplit(self.url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise MailConfigError("MAIL_URL must look like smtp://user:password@host:587 or smtps://host:465")
        try:
            port = parts.port
        except ValueError:
            port = -1
        if port is not None and not 0 < port < 65536:
            raise MailConfigError("MAIL_URL has a port that is not a number from 1 to 65535")


@dataclass
class Outcome:
    """What one run did: messages sent, queued again after a temporary failure, failed for good."""
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def default_worker() -> str:
    """Who claims: the host and process, so an operator can tell which sender held a claim."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


# --- delivering one message -------------------------------------------------------------------

class SmtpTransport:
    """One SMTP connection for a run, opened at the first message: STARTTLS whenever the server
    offers it (always on port 587), TLS from the start for smtps://, then the login if the URL
    names a user."""

    def __init__(self, settings: Settings):
        settings.check()
        parts = urlsplit(settings.url)
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or SCHEMES[parts.scheme]
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else ""
        self.timeout = settings.timeout
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.implicit_tls:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if not self.implicit_tls and (self.port == 587 or smtp.has_extn("starttls")):
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage, envelope_from: str, to_address: str, name: str) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        self._smtp.send_message(message, envelope_from, [to_address])

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


class EmlTransport:
    """No mail server: each message becomes a file a mail program or a text editor opens, named
    by the time it was written (UTC), its outbox id and its template, so the newest sorts last."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def send(self, message: EmailMessage, envelope_from: str, to_address: str, name: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / name
        partial = path.with_name(f".{name}.partial")
        partial.write_bytes(message.as_bytes())
        os.replace(partial, path)  # a reader never sees half a message

    def close(self) -> None:
        pass


def transport_for(settings: Settings):
    return SmtpTransport(settings) if settings.url else EmlTransport(settings.directory)


def build_message(row, settings: Settings, now: datetime) -> EmailMessage:
    """The outbox row as a multipart/alternative message: text first, HTML second."""
    rendered = _rendered(row, settings)
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = row.to_address
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(now)
    domain = settings.envelope_from.rpartition("@")[2] or "zorgbod.invalid"
    message["Message-ID"] = make_msgid(idstring=f"outbox{row.id}", domain=domain)
    # Out-of-office replies and the like should not answer a no-reply address.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    # After the parts: setting the content clears (or moves into the first part) every Content-* header.
    message["Content-Language"] = row.language or "nl"
    return message


def _rendered(row, settings: Settings) -> Rendered:
    if not row.template:
        return plain(row.subject, row.body)
    context = dict(row.context or {})
    return render(row.template, context, row.language or "nl", subject=context.get("_subject", row.subject),
                  base_url=settings.base_url)


def eml_name(row, now: datetime) -> str:
    template = re.sub(r"[^A-Za-z0-9_-]", "", row.template or "") or "message"
    return f"{now:%Y%m%dT%H%M%S}-{row.id:06d}-{template}.eml"


def classify(error: BaseException) -> tuple[bool, bool, str]:
    """(temporary, connection_lost, text) for a failed delivery. text is the server's reply
    (which the beheerder sees), or the kind of error; connection_lost ends the run."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()), (0, b""))
        return 400 <= code < 500, False, _reply_text(code, reply)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        # The installation's password, not the message: retried like a dead server.
        return True, True, _reply_text(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPConnectError):
        return True, True, _reply_text(error.smtp_code, error.smtp_error)
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        # 421: the server is closing the connection; any 4xx: try again later.
        return 400 <= code < 500, code == 421, _reply_text(code, error.smtp_error)
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPNotSupportedError, OSError)):
        # No connection, a timeout (TimeoutError is an OSError), TLS refused, a disk that is full.
        return True, True, f"{type(error).__name__}: {error}"[:500]
    return False, False, f"{type(error).__name__}: {error}"[:500]


def _reply_text(code: int, reply) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}".strip()[:500]


def backoff(attempts: int) -> timedelta:
    """The pause before the next try, after `attempts` failed ones."""
    return timedelta(seconds=min(BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS))


# --- the outbox's states ----------------------------------------------------------------------

def _begin_write(session: Session) -> None:
    """A write transaction of its own; on SQLite it takes the write lock up front, as the
    auction's do, so two senders queue for it rather than fail on a stale read."""
    session.commit()
    if transactions.dialect_name(session) == "sqlite":
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def claim(session: Session, outbox_id: int, worker: str, now: datetime) -> bool:
    """Take the message for this sender, committed before anything is sent: only one of two
    senders racing for it sees its UPDATE change a row (SQLite and PostgreSQL alike)."""
    _begin_write(session)
    result = session.execute(
        _outbox.update()
        .where(_outbox.c.id == outbox_id, _outbox.c.status == QUEUED,
               sa.or_(_outbox.c.next_attempt_at.is_(None), _outbox.c.next_attempt_at <= now))
        .values(status=SENDING, claimed_by=worker, claimed_at=now))
    session.commit()
    return result.rowcount == 1


def _finish(session: Session, outbox_id: int, worker: str, **values) -> None:
    _begin_write(session)
    session.execute(_outbox.update().where(_outbox.c.id == outbox_id, _outbox.c.status == SENDING,
                                           _outbox.c.claimed_by == worker).values(**values))
    session.commit()


def recover_stale(session: Session, now: datetime) -> int:
    """Claims older than STALE_AFTER go back to the queue (their sender stopped mid-message)."""
    _begin_write(session)
    result = session.execute(
        _outbox.update().where(_outbox.c.status == SENDING, _outbox.c.claimed_at < now - STALE_AFTER)
        .values(status=QUEUED, claimed_by=None, claimed_at=None))
    session.commit()
    if result.rowcount:
        log.warning("mail: %d claim(s) older than %s went back to the queue", result.rowcount, STALE_AFTER)
    return result.rowcount


def due_ids(session: Session, now: datetime, limit: int) -> list[int]:
    ids = list(session.scalars(
        sa.select(_outbox.c.id)
        .where(_outbox.c.status == QUEUED,
               sa.or_(_outbox.c.next_attempt_at.is_(None), _outbox.c.next_attempt_at <= now))
        .order_by(_outbox.c.id).limit(limit)))
    session.commit()
    return ids


_ROW = sa.select(_outbox.c.id, _outbox.c.to_address, _outbox.c.subject, _outbox.c.body, _outbox.c.template,
                 _outbox.c.context, _outbox.c.language, _outbox.c.attempts)


def send_due(session: Session, settings: Settings, *, worker: str | None = None, transport=None) -> Outcome:
    """One run: recover stale claims, then claim and deliver up to settings.batch_size due
    messages, one at a time. A lost connection ends the run (the rest waits for the next)."""
    worker = worker or default_worker()
    outcome = Outcome()
    recover_stale(session, transactions.clock())
    ids = due_ids(session, transactions.clock(), settings.batch_size)
    if not ids:
        return outcome
    transport = transport or transport_for(settings)
    try:
        for outbox_id in ids:
            now = transactions.clock()
            if not claim(session, outbox_id, worker, now):
                continue  # another sender has it
            row = session.execute(_ROW.where(_outbox.c.id == outbox_id)).one()
            session.commit()  # no transaction stays open during the SMTP conversation
            try:
                message = build_message(row, settings, now)
            except Exception as error:  # a template or value that does not render: it never will
                _failed(session, settings, outcome, row, worker, False, f"{type(error).__name__}: {error}"[:500])
                continue
            try:
                transport.send(message, settings.envelope_from, row.to_address, eml_name(row, now))
            except Exception as error:  # every failure is recorded on the message
                temporary, connection_lost, text = classify(error)
                _failed(session, settings, outcome, row, worker, temporary, text)
                if connection_lost:
                    break
                continue
            _finish(session, outbox_id, worker, status=SENT, attempts=row.attempts + 1,
                    sent_at=transactions.clock(), last_error=None)
            outcome.sent += 1
            log.debug("mail %s sent", outbox_id)
    finally:
        transport.close()
    if outcome.handled:
        log.info("mail: %d sent, %d to be tried again, %d failed", outcome.sent, outcome.retrying, outcome.failed)
    return outcome


def _failed(session: Session, settings: Settings, outcome: Outcome, row, worker: str, temporary: bool,
            text: str) -> None:
    attempts = row.attempts + 1
    if temporary and attempts < settings.max_attempts:
        _finish(session, row.id, worker, status=QUEUED, attempts=attempts, last_error=text,
                next_attempt_at=transactions.clock() + backoff(attempts), claimed_by=None, claimed_at=None)
        outcome.retrying += 1
        log.warning("mail %s: temporary failure (attempt %d); tried again later", row.id, attempts)
    else:
        _finish(session, row.id, worker, status=FAILED, attempts=attempts, last_error=text)
        outcome.failed += 1
        log.warning("mail %s: failed after %d attempt(s)", row.id, attempts)


def drain(session: Session, settings: Settings, *, worker: str | None = None, max_runs: int = 1000) -> Outcome:
    """Run until nothing due is left (`flask mail send-now`); a message that failed temporarily
    waits for its next attempt, so this ends."""
    total = Outcome()
    for _ in range(max_runs):
        outcome = send_due(session, settings, worker=worker)
        total.sent += outcome.sent
        total.retrying += outcome.retrying
        total.failed += outcome.failed
        if outcome.handled == 0 or outcome.retrying:
            break
    return total


def store_ready(session: Session, settings: Settings) -> bool:
    """For /readyz: the outbox can be read, and what the sender writes to can take a message
    (MAIL_URL usable, or the .eml folder writable). The mail server itself is not asked: a
    web process that cannot reach it can still serve, and queue."""
    try:
        session.execute(sa.select(_outbox.c.id).limit(1)).all()
        session.commit()
    except sa.exc.SQLAlchemyError:
        session.rollback()
        return False
    if settings.url:
        try:
            settings.check()
        except MailConfigError:
            return False
        return True
    try:
        settings.directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(settings.directory, os.W_OK | os.X_OK)
