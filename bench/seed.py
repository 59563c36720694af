"""Seed a fresh Zorgbod database for the benchmark, and read the results back afterwards.

Runs in its own process with the target server's environment (DATABASE_URL, ...), inside
`create_app()`'s app context, and builds everything with the app's own domain code
(marketplace.auction.*): the schema by the app's migrations, gemeenten by seed_catalogue,
approvals by grant, requests by support_requests.create_request + publish, API tokens by
accounts.issue_token. Nothing here goes through the HTTP API, so the login rate limit and
scrypt password checks stay out of the way.

    python -m bench.seed seed   --rooms 50 --providers-per-room 19 --out seed.json
    python -m bench.seed report --seed seed.json --closing 12,13 --out report.json

One gemeente per room: its consultant watches the room's request and its providers are the
only ones approved for it, so publishing a request notifies 19 providers, not all of them.
"""
import argparse
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CATEGORY = "begeleiding_individueel"
MAX_PRICE = 10_000_000  # cents: plenty of room to step down for minutes of bidding
FLOOR_PRICE = 1_000
MIN_STEP = 100


def _app():
    # The seeding process never serves sockets: threading mode, no message queue (nobody
    # listens yet; the web processes start after seeding).
    os.environ["SOCKETIO_ASYNC_MODE"] = "threading"
    os.environ.pop("REDIS_URL", None)
    from marketplace import create_app
    return create_app()


def request_data(index: int, opens_at: datetime, closes_at: datetime, region: str = "823") -> dict:
    return {
        "category": CATEGORY,
        "result_areas": [{"code": "administratie_financien", "complexity": "midden"},
                         {"code": "dagstructuur", "complexity": "licht"}],
        "region": region,
        "start_date": (date.today() + timedelta(days=21)).isoformat(),
        "duration_weeks": 26,
        "max_price_cents": MAX_PRICE,
        "floor_price_cents": FLOOR_PRICE,
        "description": f"Benchmark-aanvraag {index}: begeleiding bij administratie en dagstructuur.",
        "opens_at": opens_at.isoformat(),
        "closes_at": closes_at.isoformat(),
        "visibility": "open",
        "min_step_cents": MIN_STEP,
        "soft_close_seconds": 0,  # the window never moves: bids at any moment stay valid
        "max_extension_seconds": 0,
        "client": {"name": f"Bench Cliënt {index}", "bsn": "", "address": "Teststraat 1, Lelystad",
                   "phone": "0320-000000"},
    }


def seed(args) -> dict:
    from flask_migrate import upgrade

    from marketplace.auction import support_requests
    from marketplace.auction.actors import actor_for_user
    from marketplace.auction.transactions import server_now
    from marketplace.extensions import db
    from marketplace.models import Gemeente, Organisation, User
    from marketplace.privacy import detection
    from marketplace.providers.accounts import hash_password, issue_token
    from marketplace.providers.onboarding import grant, seed_catalogue

    started = time.monotonic()
    app = _app()
    hours = max(2, int(args.window_minutes / 60) + 2)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        session = db.session
        # One scrypt hash shared by every bench account: they log in with tokens, never with it.
        password_hash = hash_password("bench-password-not-used")
        rooms = []
        for r in range(args.rooms):
            gemeente = Gemeente(name=f"Benchgemeente {r:03d}", code=f"B{r:03d}")
            session.add(gemeente)
            session.flush()
            seed_catalogue(session, gemeente)
            consultant = User(email=f"consulent{r}@bench.example", name=f"Consulent {r}",
                              password_hash=password_hash, role="consultant", gemeente_id=gemeente.id)
            session.add(consultant)
            providers = []
            for p in range(args.providers_per_room):
                n = r * args.providers_per_room + p
                org = Organisation(name=f"Bench Zorg {n:04d}", kvk_number=f"{60000000 + n:08d}",
                                   agb_code=f"{70000000 + n:08d}", contact_name=f"Contact {n}",
                                   contact_email=f"aanbieder{n}@bench.example", contact_phone="0320-000000",
                                   offered_categories=[CATEGORY])
                session.add(org)
                session.flush()
                user = User(email=f"aanbieder{n}@bench.example", name=f"Aanbieder {n}",
                            password_hash=password_hash, role="provider", organisation_id=org.id)
                session.add(user)
                grant(session, gemeente, org, CATEGORY)
                providers.append(user)
            session.commit()
            rooms.append((gemeente.id, consultant.id, [u.id for u in providers]))
            # Every commit expires the whole identity map: keep it small.
            session.expunge_all()

        now = server_now(session)
        opens_at = now - timedelta(minutes=1)
        closes_at = now + timedelta(minutes=args.window_minutes)
        out_rooms = []
        for r, (gemeente_id, consultant_id, provider_ids) in enumerate(rooms):
            consultant = session.get(User, consultant_id)
            actor = actor_for_user(consultant)
            req = support_requests.create_request(session, actor, request_data(r, opens_at, closes_at))
            support_requests.publish(session, actor, req.id, detection.patterns_only)
            consultant_token, _ = issue_token(session, "consultant", hours, user=consultant)
            provider_tokens = [issue_token(session, "provider", hours, user=session.get(User, uid))[0]
                               for uid in provider_ids]
            out_rooms.append({"request_id": req.id, "gemeente_id": gemeente_id,
                              "consultant_token": consultant_token, "provider_tokens": provider_tokens})
            session.expunge_all()
        # Tokens for the short windows that close during the run (made over the API then).
        closing = {"consultant_token": out_rooms[0]["consultant_token"],
                   "bidder_tokens": out_rooms[0]["provider_tokens"][:2]} if out_rooms else None
        db.session.remove()
        db.engine.dispose()
    return {"rooms": out_rooms, "closing": closing, "max_price_cents": MAX_PRICE,
            "floor_price_cents": FLOOR_PRICE, "min_step_cents": MIN_STEP,
            "start_date": (date.today() + timedelta(days=21)).isoformat(),
            "seconds": round(time.monotonic() - started, 2)}


def report(args) -> dict:
    """After the run: each request's final seq and bid count, and every window_closed event."""
    import sqlalchemy as sa

    from marketplace.extensions import db
    from marketplace.models import AuditEvent, Bid, BidRevision, Request

    seed_data = json.loads(Path(args.seed).read_text())
    room_ids = [room["request_id"] for room in seed_data["rooms"]]
    closing_ids = [int(x) for x in args.closing.split(",") if x.strip()] if args.closing else []
    app = _app()
    with app.app_context():
        session = db.session
        seqs = {str(rid): seq for rid, seq in session.execute(
            sa.select(Request.id, Request.seq).where(Request.id.in_(room_ids)))}
        revisions = session.scalar(
            sa.select(sa.func.count()).select_from(BidRevision).join(Bid, Bid.id == BidRevision.bid_id)
            .where(Bid.request_id.in_(room_ids)))
        closes = []
        if closing_ids:
            rows = session.execute(sa.select(Request.id, Request.status, Request.original_closes_at,
                                             Request.closed_at).where(Request.id.in_(closing_ids)))
            events = {e.request_id: e for e in session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "window_closed",
                                            AuditEvent.request_id.in_(closing_ids)))}
            for rid, status, closes_at, closed_at in rows:
                event = events.get(rid)
                closes.append({
                    "request_id": rid, "status": status, "closes_at": closes_at.isoformat(),
                    "closed_at": closed_at.isoformat() if closed_at else None,
                    "lateness_ms": (event.details or {}).get("lateness_ms") if event else None,
                })
        db.session.remove()
        db.engine.dispose()
    return {"final_seq": seqs, "bid_revisions": revisions, "closes": closes}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed", help="migrate and create the rooms, accounts and tokens")
    s.add_argument("--rooms", type=int, default=50)
    s.add_argument("--providers-per-room", type=int, default=19)
    s.add_argument("--window-minutes", type=int, default=120, help="how long the rooms' windows stay open")
    s.add_argument("--out", required=True)
    r = sub.add_parser("report", help="read final seqs and close lateness from the database")
    r.add_argument("--seed", required=True)
    r.add_argument("--closing", default="", help="comma-separated request ids of the closing windows")
    r.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    result = seed(args) if args.command == "seed" else report(args)
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
