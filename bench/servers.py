"""The servers a round measures, the bare relay and Zorgbod: started on free ports, awaited, stopped."""
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.machine import is_scanner, tree
from tests.support.process_control import ROOT, Process, create_database, drop_database, free_port, wait_healthy

BIN = Path(sys.executable).parent


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


class Procs:
    """Every process the bench starts; each is a session leader, stopped by its own pid."""

    def __init__(self):
        self.items: list[Process] = []

    def start(self, name: str, cmd, env, log_path: Path, **popen) -> Process:
        proc = Process(name, cmd, log_path, env, **popen)
        self.items.append(proc)
        return proc

    def stop(self, proc: Process, timeout: float = 15) -> None:
        """SIGTERM to its own group (gunicorn master + worker), SIGKILL after `timeout` seconds."""
        proc.stop(signal.SIGTERM, timeout, group=True)
        self.forget(proc)

    def forget(self, proc: Process) -> None:
        """It ended by itself: nothing left to stop."""
        self.items = [p for p in self.items if p is not proc]

    def stop_all(self) -> None:
        for proc in reversed(list(self.items)):
            try:
                self.stop(proc)
            except Exception as exc:  # keep stopping the others
                log(f"could not stop pid {proc.pid}: {exc}")


def base_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "SOCKETIO_CHANNEL", "SCHEDULER_MODE", "PORT",
                        "SOCKETIO_ASYNC_MODE", "BARE_REDIS_URL", "BARE_CHANNEL")}
    env["PYTHONUNBUFFERED"] = "1"
    env["PATH"] = f"{BIN}:{env.get('PATH', '')}"
    return env


class Target:
    """One server under test (the bare relay or Zorgbod): its web processes, the rooms seeded on
    it, and the processes beside them (the scheduler)."""

    def __init__(self, label: str, web: list[Process], seed: dict, extra: list[Process] = (),
                 env: dict | None = None):
        self.label, self.web, self.seed, self.extra, self.env = label, web, seed, list(extra), env
        self.urls = [p.url for p in web]

    def web_pids(self) -> list[int]:
        """The web processes and their workers, without the personal-data scanner's children:
        a fixed gigabyte or so each, loaded once, that would otherwise swamp memory per connection."""
        return [pid for pid in tree([p.pid for p in self.web]) if not is_scanner(pid)]

    def scanner_pids(self) -> list[int]:
        return [pid for pid in tree([p.pid for p in self.web]) if is_scanner(pid)]

    def worker_pids(self) -> list[int]:
        masters = {p.pid for p in self.web}
        return [pid for pid in self.web_pids() if pid not in masters]


def fake_seed(args) -> dict:
    providers = args.room_size - 1
    return {"rooms": [{"request_id": r + 1, "consultant_token": "bare",
                       "provider_tokens": ["bare"] * providers} for r in range(args.rooms)],
            "closing": None, "max_price_cents": 10_000_000, "floor_price_cents": 1_000,
            "min_step_cents": 100, "start_date": (datetime.now().date() + timedelta(days=21)).isoformat()}


def start_bare(args, mode: str, run_dir: Path, procs: Procs, ctx: dict) -> Target:
    env = base_env()
    n = args.web_processes if mode == "scaleout" else 1
    if mode == "scaleout":
        env["BARE_REDIS_URL"] = args.redis_url
        env["BARE_CHANNEL"] = ctx["bare_channel"]
    web = []
    for i in range(n):
        port = free_port()
        cmd = [str(BIN / "gunicorn"), "-c", "bench/gunicorn_bare.conf.py", "-b", f"127.0.0.1:{port}",
               "--no-control-socket", "bench.bare_relay:app"]
        proc = procs.start(f"bare-{i}", cmd, env, run_dir / f"{mode}-bare-web{i}.log")
        proc.url = f"http://127.0.0.1:{port}"
        web.append(proc)
    for proc in web:
        wait_healthy(proc, timeout=90, interval=0.3)
    return Target("bare", web, fake_seed(args))


def start_ours(args, mode: str, run_dir: Path, procs: Procs, ctx: dict) -> Target:
    env = base_env()
    env["SECRET_KEY"] = secrets.token_urlsafe(32)
    env["ZORGBOD_INSTANCE_DIR"] = str(ctx["tmp"])
    env["LOGIN_RATE_LIMIT"] = "100000 per minute"
    if mode == "embedded":
        env["DATABASE_URL"] = f"sqlite:///{ctx['tmp'] / 'zorgbod.db'}"
        env["SCHEDULER_MODE"] = "embedded"
    else:
        env["DATABASE_URL"] = create_database(args.pg_url, ctx["pg_db"], replace=True)
        ctx["pg_created"] = True
        env["REDIS_URL"] = args.redis_url
        env["SOCKETIO_CHANNEL"] = ctx["channel"]
        env["SCHEDULER_MODE"] = "external"
        env["SCHEDULER_SYNC_SECONDS"] = "1"

    log(f"seeding {args.rooms} rooms x {args.room_size - 1} providers + 1 consultant ({env['DATABASE_URL'].split('://')[0]})")
    seed_path = run_dir / f"{mode}-seed.json"
    with open(run_dir / f"{mode}-seed.log", "ab") as seed_log:
        subprocess.run([sys.executable, "-m", "bench.seed", "seed", "--rooms", str(args.rooms),
                        "--providers-per-room", str(args.room_size - 1), "--out", str(seed_path)],
                       cwd=ROOT, env=env, check=True, stdout=seed_log, stderr=subprocess.STDOUT, timeout=600)
    seed = json.loads(seed_path.read_text())
    log(f"seeded in {seed['seconds']} s")

    n = args.web_processes if mode == "scaleout" else 1
    web = []
    for i in range(n):
        port = free_port()
        wenv = dict(env, PORT=str(port), HOST="127.0.0.1")
        proc = procs.start(f"ours-{i}", [str(BIN / "gunicorn"), "-c", "serving/gunicorn.conf.py", "--no-control-socket",
                                         "wsgi:app"], wenv, run_dir / f"{mode}-ours-web{i}.log")
        proc.url = f"http://127.0.0.1:{port}"
        web.append(proc)
    extra = []
    if mode == "scaleout":
        extra.append(procs.start("scheduler", [str(BIN / "flask"), "--app", "wsgi", "scheduler"], env,
                                 run_dir / f"{mode}-ours-scheduler.log"))
    for proc in web:
        wait_healthy(proc, timeout=90, interval=0.3)
    return Target("ours", web, seed, extra, env)


def stop_target(target: Target, procs: Procs) -> None:
    for proc in target.web + target.extra:
        procs.stop(proc)


def clean_up_round(args, mode: str, ctx: dict) -> None:
    """Drop the round's PostgreSQL database and the bare relay's Redis keys, remove its temp dir."""
    if ctx["pg_created"]:
        try:
            drop_database(args.pg_url, ctx["pg_db"])
        except Exception as exc:
            log(f"could not drop database {ctx['pg_db']}: {exc}")
    if mode == "scaleout":
        try:
            import redis
            client = redis.Redis.from_url(args.redis_url)
            keys = list(client.scan_iter(f"{ctx['bare_channel']}:*"))
            if keys:
                client.delete(*keys)
        except Exception:
            pass
    shutil.rmtree(ctx["tmp"], ignore_errors=True)
