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
"""
import argparse
import json
import os
import queue
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

# The bar Zorgbod is held to, per mode, with >= 1,000 connected clients in rooms of 20.
BAR_CONNECTIONS = 1000
BAR_BIDS_PER_S = 100.0
BAR_FANOUT_P99_MS = 250.0
BAR_FANOUT_P50_RATIO = 3.0
BAR_CLOSE_P99_MS = 1000.0


# --- small helpers ----------------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, q: float):
    if not values:
        return None
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def http_json(method: str, url: str, body=None, token: str | None = None, timeout: float = 30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server {url} exited with {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                # Zorgbod's personal-data scanner loads for seconds of CPU after start: measure after.
                if resp.status == 200 and json.loads(resp.read()).get("personal_data_scan", "ok") == "ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server {url} not healthy within {timeout:.0f}s")


# --- /proc: process trees, RSS, CPU -----------------------------------------------------------

def _stat(pid: int):
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = raw[raw.rindex(")") + 2:].split()
    # rest[0] is field 3 (state): ppid = field 4, utime = 14, stime = 15, rss = 24
    return {"ppid": int(rest[1]), "cpu": (int(rest[11]) + int(rest[12])) / CLK_TCK,
            "rss": int(rest[21]) * PAGE, "comm": raw[raw.index("(") + 1:raw.rindex(")")]}


def is_scanner(pid: int) -> bool:
    """marketplace/privacy/name_worker.py: deduce, in a child of each Zorgbod web worker."""
    try:
        return b"name_worker.py" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def all_stats() -> dict[int, dict]:
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st:
                out[int(entry)] = st
    return out


def tree(root_pids) -> list[int]:
    stats = all_stats()
    children: dict[int, list[int]] = {}
    for pid, st in stats.items():
        children.setdefault(st["ppid"], []).append(pid)
    out, todo = [], [p for p in root_pids if p in stats]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def rss_of(pids) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_of(pids) -> float:
    return sum((_stat(p) or {"cpu": 0.0})["cpu"] for p in pids)


def cpu_by_name(names) -> dict[int, float]:
    return {pid: st["cpu"] for pid, st in all_stats().items() if st["comm"] in names}


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two samples by processes alive at the second (new ones count whole)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def machine_cpu() -> tuple[float, float]:
    """(busy seconds, total seconds) summed over all cores, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return (total - idle) / CLK_TCK, total / CLK_TCK


def wait_for_quiet(args) -> float:
    """The machine may be shared: wait (bounded) until other work leaves the CPU, and say so."""
    deadline = time.monotonic() + args.wait_idle
    bg = background_cpu(2.0)
    announced = False
    while bg > args.idle_threshold and time.monotonic() < deadline:
        if not announced:
            log(f"other work is using {bg:.2f} cores; waiting up to {args.wait_idle:g} s for it to stop")
            announced = True
        bg = background_cpu(2.0)
    return bg


def background_cpu(seconds: float = 2.0) -> float:
    """Cores busy with other work just before a run (another process on this machine)."""
    b0, t0 = machine_cpu()
    time.sleep(seconds)
    b1, t1 = machine_cpu()
    return (b1 - b0) / seconds


# --- processes we start -----------------------------------------------------------------------

class Procs:
    """Every process the bench starts; each is a session leader, stopped by its own pid."""

    def __init__(self):
        self.items: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, cmd, env, log_path: Path, **kw) -> subprocess.Popen:
        fh = open(log_path, "ab")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=kw.pop("stdout", fh), stderr=fh,
                                start_new_session=True, **kw)
        self.items.append((name, proc))
        return proc

    def stop(self, proc: subprocess.Popen, timeout: float = 15) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)  # its own group: gunicorn master + worker
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(5)
        self.items = [(n, p) for n, p in self.items if p is not proc]

    def stop_all(self) -> None:
        for _, proc in reversed(list(self.items)):
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


# --- one target (bare relay or Zorgbod) -------------------------------------------------------

class Target:
    def __init__(self, label: str, urls: list[str], web: list[subprocess.Popen], seed: dict,
                 extra: list[subprocess.Popen] = ()):
        self.label, self.urls, self.web, self.seed, self.extra = label, urls, web, seed, list(extra)

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
    web, urls = [], []
    for i in range(n):
        port = free_port()
        cmd = [str(BIN / "gunicorn"), "-c", "bench/gunicorn_bare.conf.py", "-b", f"127.0.0.1:{port}",
               "--no-control-socket", "bench.bare_relay:app"]
        proc = procs.start(f"bare-{i}", cmd, env, run_dir / f"{mode}-bare-web{i}.log")
        web.append(proc)
        urls.append(f"http://127.0.0.1:{port}")
    for url, proc in zip(urls, web):
        wait_healthy(url, proc)
    return Target("bare", urls, web, fake_seed(args))


def pg_admin(args):
    import psycopg
    return psycopg.connect(args.pg_url.rstrip("/") + "/postgres", autocommit=True, connect_timeout=10)


def start_ours(args, mode: str, run_dir: Path, procs: Procs, ctx: dict) -> Target:
    env = base_env()
    env["SECRET_KEY"] = secrets.token_urlsafe(32)
    env["ZORGBOD_INSTANCE_DIR"] = str(ctx["tmp"])
    env["LOGIN_RATE_LIMIT"] = "100000 per minute"
    if mode == "embedded":
        env["DATABASE_URL"] = f"sqlite:///{ctx['tmp'] / 'zorgbod.db'}"
        env["SCHEDULER_MODE"] = "embedded"
    else:
        name = ctx["pg_db"]
        with pg_admin(args) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        ctx["pg_created"] = True
        env["DATABASE_URL"] = args.pg_url.rstrip("/") + "/" + name
        env["REDIS_URL"] = args.redis_url
        env["SOCKETIO_CHANNEL"] = ctx["channel"]
        env["SCHEDULER_MODE"] = "external"
        env["SCHEDULER_SYNC_SECONDS"] = "1"
    ctx["env"] = env

    log(f"seeding {args.rooms} rooms x {args.room_size - 1} providers + 1 consultant ({env['DATABASE_URL'].split('://')[0]})")
    seed_path = run_dir / f"{mode}-seed.json"
    subprocess.run([sys.executable, "-m", "bench.seed", "seed", "--rooms", str(args.rooms),
                    "--providers-per-room", str(args.room_size - 1), "--out", str(seed_path)],
                   cwd=ROOT, env=env, check=True, stdout=open(run_dir / f"{mode}-seed.log", "ab"),
                   stderr=subprocess.STDOUT, timeout=600)
    seed = json.loads(seed_path.read_text())
    log(f"seeded in {seed['seconds']} s")

    n = args.web_processes if mode == "scaleout" else 1
    web, urls = [], []
    for i in range(n):
        port = free_port()
        wenv = dict(env, PORT=str(port), HOST="127.0.0.1")
        proc = procs.start(f"ours-{i}", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py",
                                                "--no-control-socket", "wsgi:app"], wenv,
                           run_dir / f"{mode}-ours-web{i}.log")
        web.append(proc)
        urls.append(f"http://127.0.0.1:{port}")
    extra = []
    if mode == "scaleout":
        extra.append(procs.start("scheduler", [str(BIN / "flask"), "--app", "wsgi", "scheduler"], env,
                                 run_dir / f"{mode}-ours-scheduler.log"))
    for url, proc in zip(urls, web):
        wait_healthy(url, proc)
    return Target("ours", urls, web, seed, extra)


def stop_target(target: Target, procs: Procs) -> None:
    for proc in target.web + target.extra:
        procs.stop(proc)


# --- the closing windows (close lateness) -----------------------------------------------------

def make_closing_windows(args, target: Target, t_go: float) -> list[dict]:
    """Short windows made over the API just before the load starts, closing during it."""
    closing = target.seed.get("closing")
    if not closing or args.closing <= 0:
        return []
    from bench.seed import request_data
    url = target.urls[0]
    now = datetime.now(timezone.utc)
    first = t_go + args.warmup + 0.15 * args.duration
    last = t_go + args.warmup + 0.85 * args.duration
    made = []
    for i in range(args.closing):
        at = first + (last - first) * (i / max(1, args.closing - 1))
        closes_at = datetime.fromtimestamp(at, timezone.utc)
        data = request_data(1000 + i, now - timedelta(minutes=1), closes_at, region="823")
        status, body = http_json("POST", f"{url}/api/v1/requests", data, closing["consultant_token"])
        if status != 201:
            raise RuntimeError(f"could not create a closing window: {status} {body}")
        rid = body["id"]
        status, body = http_json("POST", f"{url}/api/v1/requests/{rid}/publish", {}, closing["consultant_token"])
        if status != 200:
            raise RuntimeError(f"could not publish a closing window: {status} {body}")
        for k, token in enumerate(closing["bidder_tokens"]):
            bid = {"price_cents": target.seed["max_price_cents"] - 1000 * (k + 1),
                   "start_date": target.seed["start_date"], "approach": "Benchmark: sluitend venster.",
                   "idempotency_key": uuid_hex()}
            http_json("POST", f"{url}/api/v1/requests/{rid}/bids", bid, token)
        made.append({"request_id": rid, "closes_at": closes_at.isoformat()})
    return made


def uuid_hex() -> str:
    return secrets.token_hex(16)


# --- driving one target -----------------------------------------------------------------------

def _reader(proc: subprocess.Popen, q: queue.Queue, idx: int) -> None:
    for raw in proc.stdout:
        q.put((idx, raw.decode(errors="replace").strip()))
    q.put((idx, None))


def split_rooms(rooms: list, n: int) -> list[list]:
    parts = [[] for _ in range(n)]
    for i, room in enumerate(rooms):
        parts[i % n].append(room)
    return [p for p in parts if p]


def profile_start(args, target: Target, run_dir: Path, mode: str, procs: Procs) -> list[tuple[Path, subprocess.Popen]]:
    spy = BIN / "py-spy"
    if not spy.exists():
        log("py-spy not in the virtualenv (.venv/bin/pip install py-spy): no profile")
        return []
    out = []
    for i, pid in enumerate(target.worker_pids()):
        path = run_dir / f"{mode}-{target.label}-pyspy-{i}.txt"
        cmd = [str(spy), "record", "--pid", str(pid), "--format", "raw", "--output", str(path),
               "--duration", str(int(args.duration)), "--rate", "100", "--nolineno", "--nonblocking"]
        out.append((path, procs.start(f"py-spy-{i}", cmd, base_env(), run_dir / f"{mode}-pyspy.log")))
    return out


# Where a bid's time goes: each sample goes to the first category one of its frames matches.
PROFILE_CATEGORIES = [
    ("fan-out after commit: render each viewer's view (view_for)", ["view_for ("]),
    ("fan-out after commit: encode and queue the packets (deliver_local)", ["deliver_local (", "_handle_emit ("]),
    ("publish the snapshot to Redis (scale-out)", ["publish (marketplace/live.py)"]),
    ("idempotency look-up (_replay)", ["_replay ("]),
    ("eligibility check (is_eligible)", ["is_eligible ("]),
    ("load every offer (load_bid_states / load_bids)", ["load_bid_states (", "load_bids ("]),
    ("Core INSERTs in place_bid (revision, idempotency record with the JSON answer)",
     ["_place_locked (bidding.py);scoped_session.execute", "_place_locked (bidding.py);values ("]),
    ("audit row (audit)", ["audit ("]),
    ("outbid notification (users, notification, e-mail rows)", ["notify (", "organisation_users ("]),
    ("server_now (SELECT clock_timestamp() on PostgreSQL)", ["server_now ("]),
    ("snapshot + the ack's view (build_snapshot, provider_view)", ["build_snapshot (", "provider_view ("]),
    ("ORM flush of the updates at commit (bid, request)", ["Session.flush (", "_flush ("]),
    ("COMMIT", ["do_commit ("]),
    ("lock (SELECT … FOR UPDATE / BEGIN IMMEDIATE) and the rest of place_bid", ["place_bid ("]),
    ("join / connect handlers", ["on_join (", "on_connect ("]),
    ("scheduler jobs", ["apscheduler", "marketplace/scheduler.py"]),
    ("Flask/Flask-SocketIO per-event overhead (contexts, teardown)", ["flask/ctx.py", "flask/app.py"]),
    ("websocket read/write, engine.io, gevent hub", ["websocket", "engineio", "gevent", "WebSocket"]),
]


def profile_summary(paths, seconds: float, top: int = 30) -> dict:
    """Collapsed stacks -> share of samples per function (inclusive and self) and per category."""
    inclusive: dict[str, int] = {}
    self_: dict[str, int] = {}
    categories: dict[str, int] = {}
    total = 0
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            n = int(count)
            frames = [f for f in stack.split(";") if f and not f.startswith("process ") and not f.startswith("thread ")]
            total += n
            name = next((c for c, keys in PROFILE_CATEGORIES if any(k in stack for k in keys)), "other")
            categories[name] = categories.get(name, 0) + n
            for frame in set(frames):
                inclusive[frame] = inclusive.get(frame, 0) + n
            if frames:
                self_[frames[-1]] = self_.get(frames[-1], 0) + n
    expected = 100 * seconds * max(1, len(paths))
    return {
        "samples": total, "busy_share": total / expected if expected else None,
        "categories": [(c, categories.get(c, 0)) for c, _ in PROFILE_CATEGORIES] + [("other", categories.get("other", 0))],
        "inclusive": sorted(inclusive.items(), key=lambda kv: -kv[1])[:top],
        "self": sorted(self_.items(), key=lambda kv: -kv[1])[:top],
    }


def drive(args, mode: str, target: Target, run_dir: Path, procs: Procs) -> dict:
    """Connect every client, bid for warm-up + duration, collect and compute the metrics."""
    label = target.label
    rooms = target.seed["rooms"]
    n_gen = max(1, min(args.loadgens, len(rooms)))
    parts = split_rooms(rooms, n_gen)
    total_providers = sum(len(r["provider_tokens"]) for r in rooms)
    connections = sum(len(r["provider_tokens"]) + 1 for r in rooms)

    time.sleep(1.0)
    web_pids = target.web_pids()
    rss_before = rss_of(web_pids)
    bg = wait_for_quiet(args)

    # The closing windows are made over the HTTP API before the clients connect: with 1,000
    # websockets a gunicorn process (worker_connections = 1000 by default) takes no further
    # connection until one closes. Their closes_at is planned past the expected connect time.
    closing, planned_go = [], None
    if label == "ours" and args.closing > 0 and target.seed.get("closing"):
        budget = args.connect_budget or max(20.0, 1.5 * ctx_connect.get(mode, 20.0) + 10.0)
        planned_go = time.time() + budget
        closing = make_closing_windows(args, target, planned_go)

    gens, q = [], queue.Queue()
    for i, part in enumerate(parts):
        providers = sum(len(r["provider_tokens"]) for r in part)
        cfg = {"urls": target.urls, "rooms": part, "rate": args.rate * providers / max(1, total_providers),
               "warmup": args.warmup, "duration": args.duration, "drain": args.drain,
               "max_price_cents": target.seed["max_price_cents"], "min_step_cents": target.seed["min_step_cents"],
               "start_date": target.seed["start_date"], "connect_concurrency": args.connect_concurrency,
               "ack_timeout": 30}
        cfg_path = run_dir / f"{mode}-{label}-loadgen{i}.json"
        cfg_path.write_text(json.dumps(cfg))
        out_path = run_dir / f"{mode}-{label}-loadgen{i}-result.json"
        proc = procs.start(f"loadgen-{i}", [sys.executable, "-m", "bench.loadgen", "--config", str(cfg_path),
                                            "--out", str(out_path)], base_env(),
                           run_dir / f"{mode}-{label}-loadgen{i}.log", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        threading.Thread(target=_reader, args=(proc, q, i), daemon=True).start()
        gens.append((proc, out_path))

    log(f"{mode}/{label}: connecting {connections} clients from {len(gens)} load-generator processes")
    ready, connect_info = set(), []
    deadline = time.monotonic() + args.connect_timeout
    while len(ready) < len(gens):
        try:
            idx, line = q.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise RuntimeError(f"load generators not ready within {args.connect_timeout}s")
        if line is None:
            raise RuntimeError(f"load generator {idx} exited early (see its log in {run_dir})")
        if line.startswith("READY "):
            ready.add(idx)
            connect_info.append(json.loads(line[6:]))
    connected = sum(c["connected"] for c in connect_info)
    failed = sum(c["failed"] for c in connect_info)
    connect_seconds = max(c["seconds"] for c in connect_info)
    log(f"{mode}/{label}: {connected} connected and joined, {failed} failed ({connect_seconds} s)")
    if failed:
        log(f"  first failure: {next(c['first_error'] for c in connect_info if c['first_error'])}")
    ctx_connect[mode] = connect_seconds
    time.sleep(1.0)
    rss_after = rss_of(target.web_pids())
    scanner_rss = rss_of(target.scanner_pids())
    http_probe = probe_http(target)
    if http_probe is not None:
        log(f"{mode}/{label}: with every client connected, GET /healthz got no answer within 3 s ({http_probe})")

    t_go = time.time() + 1.0
    if planned_go is not None:
        if t_go > planned_go:
            log(f"{mode}/{label}: connecting took longer than planned; some windows may close before the load")
        t_go = max(t_go, planned_go)
    for proc, _ in gens:
        proc.stdin.write(f"GO {t_go}\n".encode())
        proc.stdin.flush()
    log(f"{mode}/{label}: bidding at {args.rate:g} bids/s: {args.warmup:g} s warm-up + {args.duration:g} s measured")

    # CPU over the measured window: servers, load generators, database, queue, whole machine.
    time.sleep(max(0.0, t_go + args.warmup - time.time()))
    profiles = profile_start(args, target, run_dir, mode, procs) if args.profile and label == "ours" else []
    server_pids = target.web_pids()
    sched_pids = tree([p.pid for p in target.extra])
    gen_pids = [p.pid for p, _ in gens]
    c0 = {"server": cpu_of(server_pids), "scheduler": cpu_of(sched_pids), "loadgen": cpu_of(gen_pids)}
    s0 = {"postgres": cpu_by_name({"postgres"}), "redis": cpu_by_name({"redis-server"})}
    m0 = machine_cpu()
    time.sleep(max(0.0, t_go + args.warmup + args.duration - time.time()))
    c1 = {"server": cpu_of(server_pids), "scheduler": cpu_of(sched_pids), "loadgen": cpu_of(gen_pids)}
    s1 = {"postgres": cpu_by_name({"postgres"}), "redis": cpu_by_name({"redis-server"})}
    m1 = machine_cpu()
    cpu = {k: (c1[k] - c0[k]) / args.duration for k in c0}
    cpu.update({k: cpu_delta(s0[k], s1[k]) / args.duration for k in s0})
    cpu["machine"] = (m1[0] - m0[0]) / args.duration
    cpu["background_before"] = bg

    done = 0
    deadline = time.monotonic() + 90
    while done < len(gens):
        try:
            idx, line = q.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise RuntimeError("load generators did not finish in time")
        if line == "DONE" or line is None:
            done += 1
    for proc, _ in gens:
        try:
            proc.stdin.close()
            proc.wait(30)
        except Exception:
            procs.stop(proc)
        else:
            procs.items = [(n, p) for n, p in procs.items if p is not proc]
    for _, proc in profiles:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            procs.stop(proc)
    results = [json.loads(path.read_text()) for _, path in gens if path.exists()]
    if len(results) != len(gens):
        raise RuntimeError("a load generator wrote no results")

    # Final seq per room: the database for Zorgbod, the relay itself for the baseline.
    closes = []
    if label == "ours":
        if closing:
            time.sleep(max(0.0, max(datetime.fromisoformat(c["closes_at"]).timestamp() for c in closing)
                           + 3 - time.time()))
        report_path = run_dir / f"{mode}-report.json"
        subprocess.run([sys.executable, "-m", "bench.seed", "report", "--seed", str(run_dir / f"{mode}-seed.json"),
                        "--closing", ",".join(str(c["request_id"]) for c in closing), "--out", str(report_path)],
                       cwd=ROOT, env=ctx_env(target), check=True, timeout=300,
                       stdout=open(run_dir / f"{mode}-seed.log", "ab"), stderr=subprocess.STDOUT)
        report = json.loads(report_path.read_text())
        final_seq = {int(k): v for k, v in report["final_seq"].items()}
        closes = report["closes"]
    else:
        ids = ",".join(str(r["request_id"]) for r in rooms)
        _, body = http_json("GET", f"{target.urls[0]}/seqs?ids={ids}")
        final_seq = {int(k): v for k, v in body.items()}

    metrics = compute(results, final_seq, closes, args, t_go + args.warmup)
    metrics.update({
        "connections": connections, "connected": connected, "connect_failed": failed,
        "connect_seconds": connect_seconds, "providers": total_providers, "rooms": len(rooms),
        "rss_before": rss_before, "rss_after": rss_after, "scanner_rss": scanner_rss,
        "rss_per_conn": (rss_after - rss_before) / connected if connected else None,
        "cpu": cpu, "loadgens": len(gens), "closing_windows": closing, "http_probe": http_probe,
        "t_go": t_go, "t_measure": t_go + args.warmup, "t_end": t_go + args.warmup + args.duration,
    })
    if closing:
        when = [datetime.fromisoformat(c["closes_at"]).timestamp() for c in closing]
        metrics["closes_in_measured"] = sum(1 for w in when if t_go + args.warmup <= w < t_go + args.warmup + args.duration)
        metrics["closes_before_load"] = sum(1 for w in when if w < t_go)
    if profiles:
        metrics["profile"] = profile_summary([p for p, _ in profiles], args.duration)
        metrics["profile_files"] = [str(p) for p, _ in profiles]
    (run_dir / f"{mode}-{label}-metrics.json").write_text(json.dumps(metrics, indent=1, default=str))
    return metrics


ctx_connect: dict[str, float] = {}


def probe_http(target: Target) -> str | None:
    """Can a new HTTP client still get in once every socket is connected? None when yes."""
    for url in target.urls:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=3) as resp:
                resp.read()
        except Exception as exc:
            return f"{url}: {type(exc).__name__}"
    return None


def ctx_env(target: Target) -> dict:
    return target.env


def compute(results: list[dict], final_seq: dict[int, int], closes: list[dict], args, t_measure: float) -> dict:
    lat = [x for r in results for x in r["bid_latencies"]]
    fan = [x for r in results for x in r["fanout"]]
    fan_client = [x for r in results for x in r["fanout_client_ack"]]
    fan_same = [x for r in results for x in r.get("fanout_same", [])]
    fan_other = [x for r in results for x in r.get("fanout_other", [])]
    e2e = [x for r in results for x in r["bid_to_others"]]
    lag = [x for r in results for x in r["loop_lag"]]
    accepted = sum(r["accepted"] for r in results)
    # Throughput: bids the server accepted (the time its ack carries) inside the measured window,
    # whenever they were sent; an overloaded server does not get credit for its backlog later.
    t_end = t_measure + args.duration
    accepted_in_window = sum(1 for r in results for t in r["accepted_server_times"] if t_measure <= t < t_end)
    rejected: dict[str, int] = {}
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r["rejected"].items():
            rejected[k] = rejected.get(k, 0) + v
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
    gaps = ooo = dups = lost = lost_dropped = 0
    dropped: dict[str, int] = {}
    for r in results:
        for c in r["conns"]:
            gaps += c["gaps"]
            ooo += c["out_of_order"]
            dups += c["duplicates"]
            if c.get("dropped"):
                reason = c["dropped"][1]
                dropped[reason] = dropped.get(reason, 0) + 1
            final = final_seq.get(c["request_id"])
            if final is None:
                continue
            got = set(c["seqs"])
            missing = sum(1 for s in range(c["join_seq"] + 1, final + 1) if s not in got)
            lost += missing
            if c.get("dropped"):
                lost_dropped += missing
    lateness = [c["lateness_ms"] for c in closes if c.get("lateness_ms") is not None]
    ms = lambda v: None if v is None else v * 1000.0  # noqa: E731
    return {
        "accepted": accepted, "sent": sum(r["sent_measured"] for r in results),
        "accepted_in_window": accepted_in_window, "accepted_per_s": accepted_in_window / args.duration,
        "offered_per_s": sum(r["sent_measured"] for r in results) / args.duration, "rejected": rejected, "timeouts": sum(r["timeouts"] for r in results),
        "errors": errors,
        "ack_p50_ms": ms(percentile(lat, 50)), "ack_p95_ms": ms(percentile(lat, 95)),
        "ack_p99_ms": ms(percentile(lat, 99)),
        "fanout_samples": len(fan), "fanout_p50_ms": ms(percentile(fan, 50)),
        "fanout_p95_ms": ms(percentile(fan, 95)), "fanout_p99_ms": ms(percentile(fan, 99)),
        "fanout_max_ms": ms(max(fan) if fan else None),
        "fanout_same_p50_ms": ms(percentile(fan_same, 50)), "fanout_same_samples": len(fan_same),
        "fanout_other_p50_ms": ms(percentile(fan_other, 50)), "fanout_other_samples": len(fan_other),
        "fanout_ack_p50_ms": ms(percentile(fan_client, 50)), "fanout_ack_p99_ms": ms(percentile(fan_client, 99)),
        "e2e_p50_ms": ms(percentile(e2e, 50)), "e2e_p99_ms": ms(percentile(e2e, 99)),
        "fanout_before_ack": sum(r["fanout_before_ack"] for r in results),
        "unmatched_broadcasts": sum(r["unmatched_broadcasts"] for r in results),
        "seq_gaps": gaps, "out_of_order": ooo, "duplicates": dups, "lost": lost,
        "lost_on_dropped": lost_dropped, "dropped": dropped, "dropped_count": sum(dropped.values()),
        "close_windows": len(closes), "closed": sum(1 for c in closes if c.get("lateness_ms") is not None),
        "close_p50_ms": percentile(lateness, 50), "close_p99_ms": percentile(lateness, 99),
        "close_max_ms": max(lateness) if lateness else None,
        "loadgen_cpu": [r["cpu_seconds"] / r["duration"] for r in results],
        "loop_lag_p50_ms": ms(percentile(lag, 50)), "loop_lag_p99_ms": ms(percentile(lag, 99)),
    }


# --- one mode ---------------------------------------------------------------------------------

def run_mode(args, mode: str, run_dir: Path, procs: Procs, bare_first: bool = True) -> dict:
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
        ours.env = ctx["env"]
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
        if ctx["pg_created"]:
            try:
                with pg_admin(args) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{ctx["pg_db"]}" WITH (FORCE)')
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
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def fanout_ratio(m: dict) -> float | None:
    ours, bare = m.get("ours"), m.get("bare")
    return ratio(ours["fanout_p50_ms"], bare["fanout_p50_ms"]) if ours and bare else None


def median_round(mode: str, rounds: list[dict]) -> dict:
    """The round whose fan-out p50 ratio is the median, with every round attached for the report.

    The speed of a shared machine drifts within minutes (the bare relay's own CPU per bid with
    it), and one pair measures the two servers a minute apart. Several pairs, taken in
    alternating order, and the median of their ratios say more than one."""
    if len(rounds) == 1:
        return rounds[0]
    ranked = sorted(rounds, key=lambda m: (fanout_ratio(m) is None, fanout_ratio(m) or 0.0))
    chosen = dict(ranked[len(ranked) // 2])  # of two, the higher: no benefit of the doubt
    chosen["rounds"] = rounds
    chosen["median_of"] = len(rounds)
    return chosen


# --- the report -------------------------------------------------------------------------------

def fmt(v, digits=1, unit=""):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}{unit}"
    return f"{v:,}{unit}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def bars(m: dict, bare: dict | None) -> list[tuple[str, bool | None, str]]:
    if not m:
        return []
    p50_ratio = ratio(m["fanout_p50_ms"], bare["fanout_p50_ms"]) if bare else None
    return [
        (f"≥ {BAR_CONNECTIONS:,} connected clients", m["connected"] >= BAR_CONNECTIONS, f"{m['connected']:,}"),
        (f"≥ {BAR_BIDS_PER_S:g} accepted bids/s", m["accepted_per_s"] >= BAR_BIDS_PER_S, fmt(m["accepted_per_s"])),
        (f"fan-out p99 ≤ {BAR_FANOUT_P99_MS:g} ms",
         m["fanout_p99_ms"] is not None and m["fanout_p99_ms"] <= BAR_FANOUT_P99_MS, fmt(m["fanout_p99_ms"], 1, " ms")),
        (f"fan-out p50 ≤ {BAR_FANOUT_P50_RATIO:g}× bare relay",
         None if p50_ratio is None else p50_ratio <= BAR_FANOUT_P50_RATIO,
         "no baseline" if p50_ratio is None else f"{p50_ratio:.2f}×"),
        ("0 lost, 0 out-of-order, 0 seq gaps", m["lost"] == 0 and m["out_of_order"] == 0 and m["seq_gaps"] == 0,
         f"lost {m['lost']}, out-of-order {m['out_of_order']}, gaps {m['seq_gaps']}"),
        (f"close lateness p99 ≤ {BAR_CLOSE_P99_MS:g} ms",
         None if m["close_p99_ms"] is None else (m["close_p99_ms"] <= BAR_CLOSE_P99_MS and m["closed"] == m["close_windows"]),
         f"{fmt(m['close_p99_ms'], 0, ' ms')} ({m['closed']}/{m['close_windows']} closed)"),
    ]


ROWS = [
    ("connected clients", "connected", 0, ""),
    ("bids sent/s (offered)", "offered_per_s", 1, ""),
    ("accepted bids/s", "accepted_per_s", 1, ""),
    ("bid ack p50", "ack_p50_ms", 1, " ms"),
    ("bid ack p95", "ack_p95_ms", 1, " ms"),
    ("bid ack p99", "ack_p99_ms", 1, " ms"),
    ("fan-out p50", "fanout_p50_ms", 1, " ms"),
    ("fan-out p95", "fanout_p95_ms", 1, " ms"),
    ("fan-out p99", "fanout_p99_ms", 1, " ms"),
    ("fan-out samples", "fanout_samples", 0, ""),
    ("fan-out p50, receivers on the bidder's web process", "fanout_same_p50_ms", 1, " ms"),
    ("fan-out p50, receivers on another web process", "fanout_other_p50_ms", 1, " ms"),
    ("fan-out from the bidder's ack receipt p50 (≥ 0)", "fanout_ack_p50_ms", 1, " ms"),
    ("fan-out from the bidder's ack receipt p99 (≥ 0)", "fanout_ack_p99_ms", 1, " ms"),
    ("bid sent → other clients p50", "e2e_p50_ms", 1, " ms"),
    ("bid sent → other clients p99", "e2e_p99_ms", 1, " ms"),
    ("seq gaps", "seq_gaps", 0, ""),
    ("out-of-order", "out_of_order", 0, ""),
    ("lost updates", "lost", 0, ""),
    ("… of which on connections the server dropped", "lost_on_dropped", 0, ""),
    ("connections dropped during the run", "dropped_count", 0, ""),
    ("close lateness p50", "close_p50_ms", 0, " ms"),
    ("close lateness p99", "close_p99_ms", 0, " ms"),
    ("server RSS per connection", "rss_per_conn_kib", 1, " KiB"),
    ("web process CPU (cores, all web processes)", "cpu_server", 2, ""),
    ("scheduler process CPU (cores)", "cpu_scheduler", 2, ""),
    ("load-generator CPU (cores, all processes)", "cpu_loadgen", 2, ""),
    ("PostgreSQL + Redis CPU (cores)", "cpu_services", 2, ""),
    ("machine CPU busy (cores of 2)", "cpu_machine", 2, ""),
]
RATIO_KEYS = {"accepted_per_s", "ack_p50_ms", "ack_p95_ms", "ack_p99_ms", "fanout_p50_ms", "fanout_p95_ms",
              "fanout_p99_ms", "fanout_ack_p99_ms", "e2e_p50_ms", "e2e_p99_ms", "rss_per_conn_kib",
              "cpu_server"}


def flat(m: dict | None) -> dict:
    if not m:
        return {}
    out = dict(m)
    out["rss_per_conn_kib"] = m["rss_per_conn"] / 1024 if m.get("rss_per_conn") is not None else None
    out["cpu_server"] = m["cpu"]["server"]
    out["cpu_loadgen"] = m["cpu"]["loadgen"]
    out["cpu_scheduler"] = m["cpu"].get("scheduler") or None
    out["cpu_services"] = m["cpu"]["postgres"] + m["cpu"]["redis"]
    out["cpu_machine"] = m["cpu"]["machine"]
    return out


def provenance() -> str:
    """Which code was measured: the commit, and any uncommitted change to the app."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "marketplace", "templates", "migrations",
                                "config.py", "wsgi.py", "gunicorn.conf.py", "requirements.txt"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return "code: unknown (no git)"
    changed = [line[3:] for line in dirty if line.strip()]
    return f"code: commit `{head or '?'}`" + (f", with uncommitted changes to {', '.join(f'`{c}`' for c in changed)}"
                                              if changed else ", clean")


def render(args, modes: list[dict], stamp: str, code: str = "") -> str:
    lines = [f"# Zorgbod benchmark — {stamp}", ""]
    if code:
        lines += [code + ".", ""]
    lines.append(f"`{' '.join(['.venv/bin/python -m bench.run'] + sys.argv[1:])}` — "
                 f"{args.rooms} rooms of {args.room_size} ({args.room_size - 1} providers + 1 consultant), "
                 f"offered {args.rate:g} bids/s (Poisson per provider), {args.warmup:g} s warm-up + "
                 f"{args.duration:g} s measured, {args.closing} extra windows closing during the run, "
                 f"{args.loadgens} load-generator processes (python-socketio AsyncClient, websocket transport), "
                 f"{os.cpu_count()} cores.")
    lines.append("")
    header = "| metric |"
    sep = "|---|"
    for m in modes:
        name = {"embedded": "embedded (SQLite, 1 process)",
                "scaleout": f"scale-out (PostgreSQL + Redis, {args.web_processes} web + scheduler)"}[m["mode"]]
        header += f" {name}: Zorgbod | bare relay | Zorgbod/bare |"
        sep += "---:|---:|---:|"
    lines += [header, sep]
    for title, key, digits, unit in ROWS:
        row = f"| {title} |"
        for m in modes:
            ours, bare = flat(m.get("ours")), flat(m.get("bare"))
            r = ratio(ours.get(key), bare.get(key)) if key in RATIO_KEYS else None
            row += f" {fmt(ours.get(key), digits, unit)} | {fmt(bare.get(key), digits, unit)} | " \
                   f"{'' if r is None else f'{r:.2f}×'} |"
        lines.append(row)
    lines.append("")
    for m in modes:
        ours, bare = m.get("ours"), m.get("bare")
        lines.append(f"## Bar — {m['mode']}")
        lines.append("")
        lines.append("| bar | met | measured |")
        lines.append("|---|:---:|---:|")
        for name, ok, shown in bars(ours, bare):
            lines.append(f"| {name} | {'—' if ok is None else ('yes' if ok else '**no**')} | {shown} |")
        lines.append("")
        notes = []
        for label, mm in (("Zorgbod", ours), ("bare relay", bare)):
            if not mm:
                continue
            lg = mm["loadgen_cpu"]
            notes.append(
                f"- {label}: of {mm['sent']:,} bids sent in the measured window {mm['accepted']:,} were accepted "
                f"(by the end of the drain); the server accepted {mm['accepted_in_window']:,} bids within the window; "
                f"rejected {mm['rejected'] or 0}, ack time-outs {mm['timeouts']}, errors {mm['errors'] or 0}; "
                f"{mm['fanout_before_ack']:,} broadcasts arrived before the bidder's ack (counted as 0 ms); "
                f"{mm['duplicates']} duplicates; connections dropped by the server: {mm['dropped'] or 0}; "
                f"connect {mm['connect_seconds']} s; "
                f"RSS {mm['rss_before'] / 2**20:.0f} → {mm['rss_after'] / 2**20:.0f} MiB"
                + (f" (plus {mm['scanner_rss'] / 2**20:.0f} MiB in the personal-data scanner's processes, not counted)"
                   if mm.get("scanner_rss") else "") + "; "
                f"load-generator CPU per process {', '.join(f'{x:.2f}' for x in lg)} cores, "
                f"its event-loop lag p99 {fmt(mm['loop_lag_p99_ms'], 1, ' ms')}; "
                f"other load on the machine before the run {mm['cpu']['background_before']:.2f} cores.")
            if mm["offered_per_s"] < 0.9 * args.rate:
                notes.append(f"  - offered {mm['offered_per_s']:.1f} of {args.rate:g} bids/s: providers were waiting "
                             f"for acks (one bid in flight each), i.e. the server could not keep up.")
            if max(lg) > 0.9:
                notes.append("  - **a load-generator process was near one full core**: client-side latency "
                             "includes its queueing; use more `--loadgens` on a bigger machine.")
            if mm["cpu"]["background_before"] > 0.3:
                notes.append("  - **other work was using the CPU before this run**: numbers are pessimistic.")
        if ours and ours.get("closing_windows"):
            notes.append(f"- close lateness from the audit trail (`window_closed`, details.lateness_ms) of "
                         f"{ours['close_windows']} windows made over the API before the clients connected, "
                         f"{ours.get('closes_in_measured', 0)} of them closing in the measured window "
                         f"({ours.get('closes_before_load', 0)} before the load began); "
                         f"max {fmt(ours['close_max_ms'], 0, ' ms')}.")
        for label, mm in (("Zorgbod", ours), ("bare relay", bare)):
            if mm and mm.get("http_probe"):
                notes.append(f"- {label}: with all {mm['connected']:,} clients connected a new HTTP request got no "
                             f"answer within 3 s ({mm['http_probe']}): gunicorn's worker_connections (default "
                             f"1000) is full, so page loads, API calls and further sockets wait.")
        lines += notes + [""]
        if m.get("rounds"):
            lines += rounds_table(m)
        if ours and ours.get("profile"):
            prof = ours["profile"]
            lines.append(f"### py-spy — Zorgbod worker(s), measured window ({prof['samples']:,} samples, "
                         f"busy {prof['busy_share'] * 100:.0f}% of one core per worker)")
            lines.append("")
            lines.append("| where the time goes | share of samples |")
            lines.append("|---|---:|")
            for name, n in prof.get("categories", []):
                lines.append(f"| {name} | {n / max(1, prof['samples']) * 100:.1f}% |")
            lines.append("")
            lines.append("| function (inclusive) | share of samples |")
            lines.append("|---|---:|")
            for frame, n in prof["inclusive"][:25]:
                lines.append(f"| `{frame[:110]}` | {n / max(1, prof['samples']) * 100:.1f}% |")
            lines.append("")
            lines.append("| function (self) | share of samples |")
            lines.append("|---|---:|")
            for frame, n in prof["self"][:15]:
                lines.append(f"| `{frame[:110]}` | {n / max(1, prof['samples']) * 100:.1f}% |")
            lines.append("")
    lines.append("Fan-out latency (the bar's): from the server's acknowledgement of a bid — the `server_time` "
                 "its ack carries, the moment the server accepted it — to each other joined client receiving the "
                 "standings with that request's seq (one machine, one clock). Both servers send the room's "
                 "standings before the ack, so timed from the bidder's own receipt of its ack most broadcasts "
                 "have already arrived (shown clamped at 0 as a second view); 'bid sent → other clients' is "
                 "what another provider's screen lags behind a click. "
                 "Lost: seqs between a client's join and the request's final seq (database; the relay's own "
                 "counter for the baseline) that never arrived. RSS per connection: the web processes' RSS after "
                 "every client connected and joined minus before, divided by connections.")
    return "\n".join(lines) + "\n"


def rounds_table(m: dict) -> list[str]:
    """Every round of a mode, so the median shown above can be checked against the rest."""
    lines = [f"### {m['mode']}: all {m['median_of']} rounds (the tables above show the median one, marked)", "",
             "| round | order | fan-out p50 Zorgbod | bare relay | Zorgbod/bare | fan-out p99 Zorgbod | "
             "accepted bids/s | lost | machine busy (Zorgbod, bare) | bare relay web CPU per bid |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for i, r in enumerate(m["rounds"], 1):
        ours, bare = r.get("ours") or {}, r.get("bare") or {}
        ratio_shown = fanout_ratio(r)
        bare_cpu_per_bid = (bare["cpu"]["server"] / bare["accepted_per_s"] * 1000
                            if bare and bare.get("accepted_per_s") else None)
        marked = " (median)" if r.get("ours") is m.get("ours") else ""
        lines.append(
            f"| {i}{marked} | {r['order']} | {fmt(ours.get('fanout_p50_ms'), 1, ' ms')} | "
            f"{fmt(bare.get('fanout_p50_ms'), 1, ' ms')} | {'–' if ratio_shown is None else f'{ratio_shown:.2f}×'} | "
            f"{fmt(ours.get('fanout_p99_ms'), 1, ' ms')} | {fmt(ours.get('accepted_per_s'))} | "
            f"{fmt(ours.get('lost'))} | {fmt(ours.get('cpu', {}).get('machine'), 2)}, "
            f"{fmt(bare.get('cpu', {}).get('machine'), 2)} | {fmt(bare_cpu_per_bid, 2, ' ms')} |")
    return lines + [""]


def summary(modes: list[dict]) -> str:
    out = []
    for m in modes:
        ours, bare = m.get("ours"), m.get("bare")
        if not ours:
            continue
        r = ratio(ours["fanout_p50_ms"], bare["fanout_p50_ms"]) if bare else None
        out.append(f"{m['mode']}: {ours['connected']} clients, {ours['accepted_per_s']:.1f} accepted bids/s, "
                   f"ack p50/p99 {fmt(ours['ack_p50_ms'])}/{fmt(ours['ack_p99_ms'])} ms, fan-out p50/p99 "
                   f"{fmt(ours['fanout_p50_ms'])}/{fmt(ours['fanout_p99_ms'])} ms"
                   + (f" (bare {fmt(bare['fanout_p50_ms'])}/{fmt(bare['fanout_p99_ms'])} ms, p50 {r:.2f}×)" if r else "")
                   + f", lost {ours['lost']}, out-of-order {ours['out_of_order']}, close p99 "
                   f"{fmt(ours['close_p99_ms'], 0)} ms")
        failed = [name for name, ok, _ in bars(ours, bare) if ok is False]
        if m.get("rounds"):
            out.append(f"  median of {m['median_of']} rounds; their fan-out p50 ratios: "
                       + ", ".join("–" if fanout_ratio(r) is None else f"{fanout_ratio(r):.2f}×" for r in m["rounds"]))
        out.append("  bar: " + ("met" if not failed else "NOT met — " + "; ".join(failed)))
    return "\n".join(out)


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
