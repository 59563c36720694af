"""One target under load: its closing windows, the load generators, CPU in the measured window."""
import json
import queue
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.machine import background_cpu, cpu_by_name, cpu_delta, cpu_of, machine_cpu, rss_of, tree
from bench.metrics import compute, profile_summary
from bench.servers import BIN, Procs, Target, base_env, log
from tests.support.process_control import ROOT, Process


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


def _reader(proc: Process, q: queue.Queue, idx: int) -> None:
    for raw in proc.popen.stdout:
        q.put((idx, raw.decode(errors="replace").strip()))
    q.put((idx, None))


def split_rooms(rooms: list, n: int) -> list[list]:
    parts = [[] for _ in range(n)]
    for i, room in enumerate(rooms):
        parts[i % n].append(room)
    return [p for p in parts if p]


def profile_start(args, target: Target, run_dir: Path, mode: str, procs: Procs) -> list[tuple[Path, Process]]:
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


# How long connecting took per mode, last time: the next load plans its closing windows past it.
ctx_connect: dict[str, float] = {}


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
        proc.popen.stdin.write(f"GO {t_go}\n".encode())
        proc.popen.stdin.flush()
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
            proc.popen.stdin.close()
            proc.popen.wait(30)
        except Exception:
            procs.stop(proc)
        else:
            procs.forget(proc)
    for _, proc in profiles:
        try:
            proc.popen.wait(30)
        except subprocess.TimeoutExpired:
            procs.stop(proc)
        else:
            procs.forget(proc)
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
        with open(run_dir / f"{mode}-seed.log", "ab") as seed_log:
            subprocess.run([sys.executable, "-m", "bench.seed", "report", "--seed", str(run_dir / f"{mode}-seed.json"),
                            "--closing", ",".join(str(c["request_id"]) for c in closing), "--out", str(report_path)],
                           cwd=ROOT, env=target.env, check=True, timeout=300, stdout=seed_log,
                           stderr=subprocess.STDOUT)
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


def probe_http(target: Target) -> str | None:
    """Can a new HTTP client still get in once every socket is connected? None when yes."""
    for url in target.urls:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=3) as resp:
                resp.read()
        except Exception as exc:
            return f"{url}: {type(exc).__name__}"
    return None
