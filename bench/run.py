"""`make bench`: drive real Socket.IO clients against a running Zorgbod and against a bare
python-socketio relay under the same load, and report the numbers side by side.

    .venv/bin/python -m bench.run --mode all            # embedded, then scale-out
    .venv/bin/python -m bench.run --mode embedded --rate 200 --duration 20
    .venv/bin/python -m bench.run --mode embedded --profile   # + py-spy of the server

Per mode: start the bare relay (same gunicorn worker, same topology), load it, stop it; then
give Zorgbod a fresh database (SQLite file in a temp dir, or a new PostgreSQL database plus
Redis), seed it with the app's own domain code (bench.seed), start it, load it the same way,
read close lateness and final seqs from the database, stop it and drop the database. Every
server listens on a free port on 127.0.0.1 and is always stopped at the end.

Results: bench/results/<UTC time>.md (one file per run), bench/results/latest.md, raw JSON
and server logs under bench/results/raw/<UTC time>/ (not committed).

This module is the command line and the rounds; bench.servers starts and stops the servers,
bench.drive runs one load, bench.machine reads /proc, bench.metrics computes the numbers and
bench.report writes them. The process helpers shared with the tests are in tests.support.process_control.
"""
import argparse
import json
import random
import secrets
import shutil
import signal
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bench.drive import drive
from bench.metrics import median_round
from bench.report import provenance, render, summary
from bench.servers import Procs, clean_up_round, log, start_bare, start_ours, stop_target

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def run_mode(args, mode: str, run_dir: Path, procs: Procs, bare_first: bool = True) -> dict:
    """One round of a mode: the bare relay and Zorgbod, each started, loaded and stopped, in the given order."""
    tag = secrets.token_hex(4)
    tmp = Path(tempfile.mkdtemp(prefix=f"zorgbod-bench-{mode}-"))
    ctx = {"tmp": tmp, "pg_db": f"zorgbod_bench_{tag}", "channel": f"zorgbod-bench-{tag}",
           "bare_channel": f"zorgbod-bench-bare-{tag}", "pg_created": False}
    out = {"mode": mode, "order": "Zorgbod only" if args.skip_bare
           else "bare relay, then Zorgbod" if bare_first else "Zorgbod, then bare relay"}

    def run_bare():
        log(f"{mode}: starting the bare relay")
        bare = start_bare(args, mode, run_dir, procs, ctx)
        try:
            out["bare"] = drive(args, mode, bare, run_dir, procs)
        finally:
            stop_target(bare, procs)

    def run_ours():
        log(f"{mode}: starting Zorgbod")
        ours = start_ours(args, mode, run_dir, procs, ctx)
        try:
            out["ours"] = drive(args, mode, ours, run_dir, procs)
        finally:
            stop_target(ours, procs)

    try:
        if args.skip_bare:
            run_ours()
        elif bare_first:
            run_bare()
            run_ours()
        else:
            run_ours()
            run_bare()
    finally:
        clean_up_round(args, mode, ctx)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Zorgbod live-bidding benchmark (see bench/README.md)")
    p.add_argument("--mode", choices=["embedded", "scaleout", "all"], default="all")
    p.add_argument("--rooms", type=int, default=50, help="open requests, one room each (default 50)")
    p.add_argument("--room-size", type=int, default=20, help="clients per room: providers + 1 consultant (default 20)")
    p.add_argument("--rate", type=float, default=120.0, help="offered bids per second, all providers together")
    p.add_argument("--duration", type=float, default=30.0, help="measured seconds of load per target")
    p.add_argument("--warmup", type=float, default=5.0, help="seconds of load before measuring")
    p.add_argument("--drain", type=float, default=3.0, help="seconds to wait for the last broadcasts")
    p.add_argument("--closing", type=int, default=10, help="extra windows that close during the measured load")
    p.add_argument("--loadgens", type=int, default=2, help="load-generator processes")
    p.add_argument("--connect-concurrency", type=int, default=25, help="connects in flight per load generator")
    p.add_argument("--connect-timeout", type=float, default=300)
    p.add_argument("--connect-budget", type=float, default=None,
                   help="seconds planned for connecting, when the closing windows are made (default: "
                        "from the baseline's connect time)")
    p.add_argument("--web-processes", type=int, default=2, help="web processes in scale-out mode")
    p.add_argument("--pg-url", default="postgresql://127.0.0.1:5432", help="PostgreSQL server (scale-out)")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/0", help="Redis (scale-out)")
    p.add_argument("--skip-bare", action="store_true", help="do not run the bare-relay baseline")
    p.add_argument("--rounds", type=int, default=1,
                   help="pairs of bare relay + Zorgbod per mode, in alternating order; the table shows the "
                        "round with the median fan-out p50 ratio and lists every round (default 1)")
    p.add_argument("--profile", action="store_true", help="py-spy the Zorgbod worker(s) during the measured window")
    p.add_argument("--wait-idle", type=float, default=60.0,
                   help="seconds to wait, before each load, for other work on the machine to stop (default 60)")
    p.add_argument("--idle-threshold", type=float, default=0.3, help="cores of other work that count as idle")
    p.add_argument("--seed", type=int, default=None, help="random seed for the run's own choices")
    args = p.parse_args(argv)
    if args.rounds < 1:
        p.error("--rounds must be at least 1")
    if args.room_size < 2:
        p.error("--room-size must be at least 2 (providers + 1 consultant)")
    if args.seed is not None:
        random.seed(args.seed)

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")
    run_dir = RESULTS / "raw" / stamp
    run_dir.mkdir(parents=True, exist_ok=True)
    procs = Procs()

    def _terminate(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, _terminate)

    modes = ["embedded", "scaleout"] if args.mode == "all" else [args.mode]
    code = provenance()  # taken at the start: the servers import the code as it is now
    results = []
    try:
        for mode in modes:
            rounds = []
            for i in range(args.rounds):
                round_dir = run_dir if args.rounds == 1 else run_dir / f"{mode}-round{i + 1}"
                round_dir.mkdir(parents=True, exist_ok=True)
                if args.rounds > 1:
                    log(f"{mode}: round {i + 1} of {args.rounds}")
                rounds.append(run_mode(args, mode, round_dir, procs, bare_first=i % 2 == 0))
            results.append(median_round(mode, rounds))
    except KeyboardInterrupt:
        log("interrupted: stopping every server")
        procs.stop_all()
        return 130
    finally:
        procs.stop_all()
    report = render(args, results, stamp, code)
    path = RESULTS / f"{stamp}.md"
    path.write_text(report)
    shutil.copyfile(path, RESULTS / "latest.md")
    (run_dir / "results.json").write_text(json.dumps(results, indent=1, default=str))
    print()
    print(summary(results))
    print(f"\nreport: {path.relative_to(ROOT)} (and bench/results/latest.md); raw data: {run_dir.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
