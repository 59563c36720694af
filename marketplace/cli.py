"""Flask CLI commands: demo-data, simulate-bidders, scheduler, audit verify, and client-data
(new-key, rotate-keys, erase-expired, retention)."""
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
