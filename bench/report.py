"""The run's report: the markdown result with its tables and the bar, and the summary on stdout."""
import os
import subprocess
import sys
from pathlib import Path

from bench.metrics import fanout_ratio, ratio

ROOT = Path(__file__).resolve().parent.parent

# The bar Zorgbod is held to, per mode, with >= 1,000 connected clients in rooms of 20.
BAR_CONNECTIONS = 1000
BAR_BIDS_PER_S = 100.0
BAR_FANOUT_P99_MS = 250.0
BAR_FANOUT_P50_RATIO = 3.0
BAR_CLOSE_P99_MS = 1000.0


def fmt(v, digits=1, unit=""):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}{unit}"
    return f"{v:,}{unit}"


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
                                "config.py", "wsgi.py", "serving", "requirements.txt"],
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
