"""Flask CLI commands: demo-data, simulate-bidders, scheduler, and the `serve` set-up step."""
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
