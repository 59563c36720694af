"""Flask CLI commands: demo-data, simulate-bidders, scheduler, audit verify, mail send-now,
create-gemeente, evidence check-expiry, and client-data (new-key, rotate-keys, erase-expired, retention)."""
import random
import time
import uuid

import click
import requests as http

from .extensions import db


def register(app) -> None:
    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only load when the database has no gemeenten yet.")
    def demo_data(if_empty: bool):
        """Load the demo gemeenten, providers and requests (one open, one scheduled)."""
        from . import demo
        if not demo.is_empty(db.session):
            if if_empty:
                click.echo("Database already has data; demo data not loaded again.")
                return
            raise click.ClickException("The database already has data; demo data loads into an empty one.")
        ids = demo.load(db.session)
        click.echo(f"Demo data loaded: open request {ids['open']}, scheduled {ids['scheduled']}, "
                   f"closed {ids['closed']}, Dronten {ids['dronten']}.")

    @app.cli.command("demo-accounts")
    def demo_accounts():
        """Print the demo accounts."""
        from .demo import ACCOUNTS
        for label, email, password in ACCOUNTS:
            click.echo(f"  {label:<34} {email:<30} {password}")

    @app.cli.command("scheduler")
    def run_scheduler():
        """Run the window scheduler as its own process (scale-out mode)."""
        from . import scheduler
        scheduler.start(app)
        click.echo("Scheduler running; Ctrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            scheduler.shutdown()

    register_client_data(app)
    register_evidence(app)
    register_create_gemeente(app)

    @app.cli.group("mail")
    def mail_group():
        """The e-mail outbox."""

    @mail_group.command("send-now")
    def mail_send_now():
        """Deliver every message that is due now (the scheduler does this every few seconds)."""
        from .mail import sender
        settings = sender.Settings.from_config(app.config)
        try:
            outcome = sender.drain(db.session, settings)
        except sender.MailConfigError as error:
            raise click.ClickException(str(error)) from None
        where = "over SMTP" if settings.url else f"as .eml files in {settings.directory}"
        click.echo(f"Sent {outcome.sent} message(s) {where}; {outcome.retrying} to be tried again later, "
                   f"{outcome.failed} failed.")

    @app.cli.group("audit")
    def audit_group():
        """The audit trail."""

    @audit_group.command("verify")
    def audit_verify():
        """Walk every audit chain; exit non-zero naming the first event that does not verify."""
        from .auction.audit_chain import verify_all
        breaks = verify_all(db.session)
        if breaks:
            for found in breaks:
                click.echo(f"broken: {found}", err=True)
            raise click.ClickException(f"The audit trail does not verify; the first break: {breaks[0]}.")
        click.echo("Every audit chain verifies.")

    @app.cli.command("simulate-bidders")
    @click.option("--url", default=None, help="Base URL of the running server (default http://127.0.0.1:$PORT).")
    @click.option("--minutes", default=3.0, show_default=True, help="How long to keep bidding.")
    @click.option("--interval", default=4.0, show_default=True, help="Mean seconds between bids.")
    def simulate_bidders(url: str | None, minutes: float, interval: float):
        """Make the demo providers bid against each other through the real API."""
        import os
        url = (url or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}").rstrip("/")
        tokens = {}
        for i in range(1, 5):
            email = f"aanbieder{i}@zorg.example"
            resp = http.post(f"{url}/api/v1/tokens", json={"email": email, "password": "demo-aanbieder"}, timeout=10)
            if resp.status_code != 201:
                raise click.ClickException(f"Could not log in as {email}: {resp.text}")
            tokens[email] = resp.json()["token"]
        deadline = time.monotonic() + minutes * 60
        while time.monotonic() < deadline:
            email, token = random.choice(list(tokens.items()))
            headers = {"Authorization": f"Bearer {token}"}
            listing = http.get(f"{url}/api/v1/requests?status=open", headers=headers, timeout=10).json()
            for req in listing.get("requests", []):
                detail = http.get(f"{url}/api/v1/requests/{req['id']}", headers=headers, timeout=10).json()
                standings = detail.get("standings", {})
                mine = standings.get("my_price_cents")
                best = standings.get("best_price_cents") or req.get("max_price_cents") or 150000
                floor = req.get("floor_price_cents") or 1
                step = req["min_step_cents"]
                target = (best - step * random.randint(1, 5)) if mine != best else None
                if target is None or target < floor or (mine is not None and target > mine - step):
                    continue
                body = {"price_cents": target, "start_date": req["start_date"],
                        "approach": "Vaste begeleider, wekelijks contact (simulatie).",
                        "idempotency_key": str(uuid.uuid4())}
                resp = http.post(f"{url}/api/v1/requests/{req['id']}/bids", json=body, headers=headers, timeout=10)
                outcome = "accepted" if resp.status_code == 201 else resp.json()["error"]["code"]
                click.echo(f"{email} bids {target / 100:.2f} on {req['reference']}: {outcome}")
            time.sleep(random.expovariate(1 / interval))


def register_client_data(app) -> None:
    """`flask client-data ...`: the keys that seal the client's data, and its retention."""
    @app.cli.group("client-data")
    def client_data_group():
        """Sealed client data: keys, rotation, retention and erasure."""

    @client_data_group.command("new-key")
    def new_key():
        """Print a new key, to put first in CLIENT_DATA_KEYS (see docs/operations.md, Keys)."""
        from .clients.client_data import generate_key
        click.echo(generate_key())

    @client_data_group.command("rotate-keys")
    def rotate_keys():
        """Re-seal every client record with the newest key; after it, older keys may go."""
        from .clients import client_data
        result = client_data.rotate(db.session)
        click.echo(f"Re-sealed {result.resealed} record(s) with the newest key; {result.current} already were.")
        if result.unreadable:
            raise click.ClickException(
                f"{result.unreadable} record(s) could not be opened with any configured key and were left as "
                "they are (their ids are in the log). Keep the old key in CLIENT_DATA_KEYS until this is 0.")

    @client_data_group.command("erase-expired")
    @click.option("--today", default=None, metavar="YYYY-MM-DD",
                  help="Erase as if it were this day (default: today in Amsterdam).")
    def erase_expired(today: str | None):
        """Erase the client data whose retention period has passed (the daily job, by hand)."""
        from datetime import date

        from .auction.actors import SYSTEM
        from .clients import retention
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise click.BadParameter("use YYYY-MM-DD", param_hint="--today") from None
        erased = retention.erase_expired(db.session, SYSTEM, day)
        click.echo(f"Erased the client data of {len(erased)} request(s)" + (f": {erased}." if erased else "."))

    @client_data_group.command("retention")
    @click.argument("gemeente")
    @click.argument("months", type=click.IntRange(1, 240), required=False)
    def retention_months(gemeente: str, months: int | None):
        """Show, or set to MONTHS, how long GEMEENTE (name or code) keeps client data."""
        import sqlalchemy as sa

        from .models import Gemeente
        found = db.session.scalar(sa.select(Gemeente).where(
            sa.or_(Gemeente.name == gemeente, Gemeente.code == gemeente.upper())))
        if found is None:
            raise click.ClickException(f"No gemeente named {gemeente!r}.")
        if months is not None:
            from .auction.actors import SYSTEM
            from .auction.records import audit
            previous = found.client_data_retention_months
            found.client_data_retention_months = months
            audit(db.session, SYSTEM, "retention_changed", gemeente_id=found.id, previous_months=previous,
                  months=months)
            db.session.commit()
        click.echo(f"{found.name} keeps client data {found.client_data_retention_months} months after the "
                   "support ended or the request was cancelled.")


def register_create_gemeente(app) -> None:
    @app.cli.command("create-gemeente")
    @click.argument("name")
    @click.option("--admin", "admin_email", required=True, metavar="EMAIL",
                  help="E-mail address of its first beheerder, who is invited to choose a password.")
    @click.option("--admin-name", default=None, help="The beheerder's name (default: Beheerder NAME).")
    @click.option("--code", default=None, metavar="CODE",
                  help="2 to 8 capital letters that start its request references (default: the name's first three).")
    def create_gemeente(name: str, admin_email: str, admin_name: str | None, code: str | None):
        """Set up gemeente NAME with the default catalogue, a starting tariff table and its first
        beheerder, who gets an invitation by e-mail (a link valid 72 hours)."""
        from flask import url_for

        from .auction.actors import SYSTEM, Actor
        from .auction.errors import DomainError, field_summary
        from .auction.inputs import Fields
        from .gemeente import setup, staff
        from .providers.own_account import read_email, user_by_email

        def refuse(error: DomainError):
            fields = error.extra.get("fields")
            return click.ClickException(field_summary(fields) if fields else error.message)

        # The address first: the gemeente is committed before its beheerder is invited.
        f = Fields({"email": admin_email})
        address = read_email(f)
        if f.errors:
            raise click.ClickException(f"--admin: {f.errors['email']}")
        if user_by_email(db.session, address) is not None:
            raise click.ClickException(f"--admin: {staff.EMAIL_IN_USE}")
        try:
            gemeente = setup.create_gemeente(db.session, SYSTEM, name, code)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise refuse(error) from None
        links = []

        def link_for(raw: str) -> str:
            links.append(url_for("auth.accept_invitation", token=raw, _external=True))
            return links[-1]

        # The gemeente's own first beheerder is invited on its behalf (no user of it exists yet).
        founder = Actor(kind="admin", gemeente_id=gemeente.id)
        with app.test_request_context(base_url=app.config["PUBLIC_URL"]):
            try:
                staff.invite(db.session, founder, gemeente.id, address, admin_name or f"Beheerder {gemeente.name}",
                             "admin", link_for)
            except DomainError as error:
                raise refuse(error) from None
        click.echo(f"Gemeente {gemeente.name} ({gemeente.code}) is set up with the default catalogue and tariff "
                   "table.")
        click.echo(f"Its beheerder {address} is invited by e-mail (the link is valid 72 hours): {links[-1]}")


def register_evidence(app) -> None:
    """`flask evidence check-expiry`: the daily expiry job of the providers' evidence, by hand."""
    @app.cli.group("evidence")
    def evidence_group():
        """Providers' evidence for the minimum requirements."""

    @evidence_group.command("check-expiry")
    @click.option("--today", default=None, metavar="YYYY-MM-DD",
                  help="Check as if it were this day (default: today in Amsterdam).")
    def check_expiry(today: str | None):
        """Warn about evidence expiring within 30 days, and tell about evidence that has expired (each once)."""
        from datetime import date

        from .auction.actors import SYSTEM
        from .providers import evidence
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise click.BadParameter("use YYYY-MM-DD", param_hint="--today") from None
        run = evidence.check_expiry(db.session, day, actor=SYSTEM)
        click.echo(f"Warned about {len(run.warned)} piece(s) of evidence expiring soon; "
                   f"told about {len(run.expired)} that expired.")
