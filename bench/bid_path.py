"""CPU and wall time of one bid through the domain's bid path, in-process, without sockets.

The full benchmark (`bench.run`) says how the whole system behaves; this one isolates the part
that decides whether a bid counts (lock, checks, writes, commit, snapshot) so that a change to
it can be measured A/B in seconds, with the same database and the same bids:

    python -m bench.bid_path --database-url postgresql://127.0.0.1:5432/postgres --bids 2000

It creates (and afterwards drops) its own database on that server, seeds rooms of providers with
the benchmark's seed, and revises prices round-robin with the load generator's message (an
idempotency key and a start date with each bid); some of the bids outbid another provider.
Medians of per-bid process CPU and wall time are printed, over several rounds, with the
statements per bid.
"""
import argparse
import itertools
import os
import statistics
import sys
import time
import uuid
from argparse import Namespace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default="postgresql://127.0.0.1:5432/postgres",
                   help="server to create a scratch database on; sqlite:///path for SQLite")
    p.add_argument("--rooms", type=int, default=5)
    p.add_argument("--providers", type=int, default=19)
    p.add_argument("--bids", type=int, default=1500, help="bids per round")
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args(argv)

    import sqlalchemy as sa
    url = sa.make_url(args.database_url)
    scratch = f"zorgbod_bidpath_{os.getpid()}"
    admin = None
    if url.get_backend_name() == "postgresql":
        admin = sa.create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{scratch}"')
        os.environ["DATABASE_URL"] = url.set(database=scratch).render_as_string(hide_password=False)
    else:
        os.environ["DATABASE_URL"] = str(url)
    try:
        return run(args)
    finally:
        if admin is not None:
            with admin.connect() as c:
                c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            admin.dispose()


def run(args) -> int:
    from bench import seed as bench_seed
    seeded = bench_seed.seed(Namespace(rooms=args.rooms, providers_per_room=args.providers, window_minutes=120))

    import sqlalchemy as sa
    from sqlalchemy import event

    from marketplace.auction.bidding import place_bid
    from marketplace.auction.inputs import BidInput
    from marketplace.extensions import db
    from marketplace.providers.accounts import actor_for_token

    app = bench_seed._app()
    statements = [0]

    with app.app_context():
        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(*_a):
            statements[0] += 1

        bidders = []
        for room in seeded["rooms"]:
            for token in room["provider_tokens"]:
                bidders.append((room["request_id"], actor_for_token(db.session, token)))
        db.session.commit()
        db.session.remove()
        price = {}
        start = date.today() + timedelta(days=21)
        order = itertools.cycle(bidders)

        def one_bid():
            request_id, actor = next(order)
            # First offers start 1-3 steps apart, so that some revisions overtake another
            # provider's lead (an outbid notice and its e-mail); after that each steps 3 down.
            price[actor.organisation_id] = price.get(actor.organisation_id, seeded["max_price_cents"]) - \
                seeded["min_step_cents"] * (1 + len(price) % 3)
            with app.app_context():
                place_bid(db.session, actor, request_id,
                          BidInput(price_cents=price[actor.organisation_id], start_date=start,
                                   approach="Vaste begeleider, wekelijks huisbezoek (benchmark).",
                                   idempotency_key=uuid.uuid4().hex))
                db.session.remove()

        for _ in range(len(bidders)):  # every provider's first offer, and warm caches
            one_bid()
        cpu_ms, wall_ms, per_bid = [], [], []
        for _ in range(args.rounds):
            statements[0] = 0
            c0, w0 = time.process_time(), time.perf_counter()
            for _ in range(args.bids):
                one_bid()
            cpu_ms.append((time.process_time() - c0) / args.bids * 1000)
            wall_ms.append((time.perf_counter() - w0) / args.bids * 1000)
            per_bid.append(statements[0] / args.bids)
    backend = sa.make_url(os.environ["DATABASE_URL"]).get_backend_name()
    print(f"{backend}: {args.rounds} rounds of {args.bids} revisions over {len(bidders)} providers")
    print(f"  CPU per bid   median {median_and_rounds(cpu_ms)}")
    print(f"  wall per bid  median {median_and_rounds(wall_ms)}")
    print(f"  statements per bid {statistics.median(per_bid):.1f} (SQLAlchemy cursor executions; BEGIN, COMMIT and a pool ping are not counted)")
    return 0


def median_and_rounds(values) -> str:
    return f"{statistics.median(values):.3f} ms (rounds: {', '.join(f'{v:.3f}' for v in values)})"


if __name__ == "__main__":
    sys.exit(main())
