"""The steering figures at scale: how long GET /api/v1/stats, /api/v1/stats.csv and the
Stuurinformatie page take on a gemeente with 10,000 requests, on SQLite and on PostgreSQL.

    python -m bench.stats                       # both backends, 10,000 requests, 7 runs each
    python -m bench.stats --backends sqlite --requests 2000 --runs 3

For each backend it makes a scratch database (a file in a temporary folder; on PostgreSQL a
database created on --pg-url and dropped afterwards), migrates it, and seeds one gemeente with
--providers approved providers and --requests requests published over the past year with their
offers, assignments, reviews, surveys and complaints (marketplace/demo_history.py, the demo
data's own generator). Then, in this process through the app's WSGI interface (no network),
it calls each address once to warm up and --runs times measured, each with the default filter
(the last twelve months, every category), reading the whole answer, and writes the medians to
bench/results/stats-latest.md. The bar: each answer under a second on this machine."""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench-wachtwoord"
ADDRESSES = [("GET /api/v1/stats", "api", "/api/v1/stats"),
             ("GET /api/v1/stats.csv", "api", "/api/v1/stats.csv"),
             ("GET /stuurinformatie/ (page)", "page", "/stuurinformatie/")]
BAR_SECONDS = 1.0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--requests", type=int, default=10_000)
    p.add_argument("--providers", type=int, default=12)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--pg-url", default="postgresql://127.0.0.1:5432/postgres")
    p.add_argument("--out", default=str(RESULTS / "stats-latest.md"))
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zorgbod-stats-") as tmp:
        # Keys and the secret are generated into this folder, never into the real instance/.
        os.environ["ZORGBOD_INSTANCE_DIR"] = tmp
        results = [measure_backend(args, backend.strip(), Path(tmp)) for backend in args.backends.split(",")]
    report = render(args, results)
    Path(args.out).write_text(report)
    print(report)
    return 0 if all(r["medians"][name] < BAR_SECONDS for r in results for name, _, _ in ADDRESSES) else 1


def measure_backend(args, backend: str, tmp: Path) -> dict:
    import sqlalchemy as sa
    if backend == "sqlite":
        return measure(args, backend, f"sqlite:///{tmp / 'stats.db'}")
    server = sa.make_url(args.pg_url).set(drivername="postgresql+psycopg")
    scratch = f"zorgbod_stats_{os.getpid()}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        c.exec_driver_sql(f'CREATE DATABASE "{scratch}"')
    try:
        return measure(args, backend, server.set(database=scratch).render_as_string(hide_password=False))
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.dispose()


def make_app(url: str):
    from config import Config
    from marketplace import create_app

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        SCHEDULER_MODE = "off"
        REDIS_URL = None
        SOCKETIO_ASYNC_MODE = "threading"
        WTF_CSRF_ENABLED = False
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
        LOGIN_RATE_LIMIT = LOGIN_ACCOUNT_RATE_LIMIT = "10000 per minute"
        RATELIMIT_STORAGE_URI = "memory://"

    return create_app(BenchConfig())


def measure(args, backend: str, url: str) -> dict:
    from flask_migrate import upgrade

    from marketplace.extensions import db
    app = make_app(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        started = time.perf_counter()
        counts = seed(db.session, args.requests, args.providers)
        counts["seconds"] = time.perf_counter() - started
        if backend == "postgresql":
            db.session.execute(__import__("sqlalchemy").text("ANALYZE"))
            db.session.commit()
        db.session.remove()
    print(f"{backend}: seeded {counts['requests']} requests in {counts['seconds']:.1f} s", flush=True)
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"email": "consulent@benchstad.example", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    page = app.test_client()
    assert page.post("/inloggen", data={"email": "consulent@benchstad.example", "password": PASSWORD}).status_code == 302
    medians, spreads, sizes = {}, {}, {}
    for name, kind, path in ADDRESSES:
        browser, extra = (client, headers) if kind == "api" else (page, {})
        times = []
        for run in range(args.runs + 1):
            begun = time.perf_counter()
            resp = browser.get(path, headers=extra)
            body = resp.get_data()
            elapsed = time.perf_counter() - begun
            assert resp.status_code == 200, (name, resp.status_code, body[:300])
            if run:  # the first call warms caches and compiles templates
                times.append(elapsed)
        medians[name], spreads[name], sizes[name] = statistics.median(times), (min(times), max(times)), len(body)
        print(f"  {name}: median {medians[name] * 1000:.0f} ms over {args.runs} runs", flush=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return {"backend": backend, "counts": counts, "medians": medians, "spreads": spreads, "sizes": sizes,
            "version": server_version(url)}


def seed(session, count: int, providers: int) -> dict:
    """One gemeente with its consultant, `providers` approved providers of varied behaviour, and
    `count` decided requests over the past year with all that followed them."""
    import random

    import sqlalchemy as sa

    from marketplace.auction.inputs import today_by_the_clock
    from marketplace.auction.transactions import server_now
    from marketplace.demo_history import Profile, Provider, add_history
    from marketplace.models import Assignment, Bid, Gemeente, Organisation, Request, ReviewResult, User
    from marketplace.providers.accounts import hash_password
    from marketplace.providers.onboarding import grant, seed_catalogue

    gemeente = Gemeente(name="Benchstad", code="BEN")
    session.add(gemeente)
    session.flush()
    seed_catalogue(session, gemeente)
    consultant = User(email="consulent@benchstad.example", name="Consulent Benchstad", role="consultant",
                      password_hash=hash_password(PASSWORD), gemeente_id=gemeente.id)
    session.add(consultant)
    rng = random.Random(7)
    made = []
    for number in range(1, providers + 1):
        org = Organisation(name=f"Zorgaanbieder {number:02d}", kvk_number=f"5{number:07d}", agb_code=f"6{number:07d}",
                           contact_name=f"Contact {number}", contact_email=f"bench{number}@zorg.example",
                           contact_phone="0320-000000", offered_categories=[])
        session.add(org)
        session.flush()
        grant(session, gemeente, org, "begeleiding_individueel")
        grant(session, gemeente, org, "huishoudelijke_ondersteuning")
        low = rng.uniform(0.62, 0.8)
        made.append(Provider(org.id, None, Profile(
            bid_chance=rng.uniform(0.15, 0.5), price=(low, low + 0.15), delay=(-3, rng.randint(2, 30)),
            achieved=rng.uniform(0.4, 0.8), satisfaction=rng.uniform(3.0, 4.6), complaints=rng.uniform(0.02, 0.15),
            wins=number != providers)))
    session.commit()
    add_history(session, gemeente, consultant.id, made, count=count, today=today_by_the_clock(),
                now=server_now(session), days=365, seed=11, with_audit=False)
    session.commit()

    def rows(model):
        return session.scalar(sa.select(sa.func.count()).select_from(model))
    return {"requests": rows(Request), "offers": rows(Bid), "assignments": rows(Assignment),
            "review_results": rows(ReviewResult)}


def server_version(url: str) -> str:
    import sqlite3

    import sqlalchemy as sa
    if url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version}"
    engine = sa.create_engine(url)
    with engine.connect() as c:
        version = c.exec_driver_sql("SHOW server_version").scalar()
    engine.dispose()
    return f"PostgreSQL {version}"


def render(args, results: list[dict]) -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    load = os.getloadavg()
    lines = [
        "# Steering figures at scale (`make bench-stats`)", "",
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit `{commit}` (plus the working tree), "
        f"{os.cpu_count()} cores, load average {load[0]:.2f} at the end, Python {platform.python_version()}.",
        f"One gemeente, {args.requests:,} requests published over the past year, {args.providers} providers; "
        f"median of {args.runs} runs after one warm-up, in-process through the app's WSGI interface, "
        "the whole answer read; default filter (the last twelve months, every category).", "",
        "| backend | " + " | ".join(name for name, _, _ in ADDRESSES) + " | seeded |",
        "|---|" + "--:|" * (len(ADDRESSES) + 1),
    ]
    for r in results:
        cells = [f"{r['medians'][n] * 1000:.0f} ms ({r['spreads'][n][0] * 1000:.0f}–{r['spreads'][n][1] * 1000:.0f})"
                 for n, _, _ in ADDRESSES]
        c = r["counts"]
        lines.append(f"| {r['version']} | " + " | ".join(cells) +
                     f" | {c['requests']:,} requests, {c['offers']:,} offers, {c['assignments']:,} assignments, "
                     f"{c['review_results']:,} review results in {c['seconds']:.1f} s |")
    met = all(r["medians"][n] < BAR_SECONDS for r in results for n, _, _ in ADDRESSES)
    lines += ["", "Cells: median (fastest–slowest run). Answer sizes: " + "; ".join(
        f"{r['backend']} " + ", ".join(f"{n.split()[1]} {r['sizes'][n] / 1024:.0f} KiB" for n, _, _ in ADDRESSES)
        for r in results) + ".", "",
        f"The bar, every median under {BAR_SECONDS:.0f} s on this machine: **{'met' if met else 'NOT met'}**.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
