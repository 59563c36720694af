"""The numbers of a load: percentiles, counts, the median round and where profiled time went."""


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


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


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


# Where a bid's time goes: each sample goes to the first category one of its frames matches.
PROFILE_CATEGORIES = [
    ("fan-out after commit: render each viewer's view (view_for)", ["view_for ("]),
    ("fan-out after commit: encode and queue the packets (deliver_local)", ["deliver_local (", "_handle_emit ("]),
    ("publish the snapshot to Redis (scale-out)", ["publish (marketplace/realtime/live.py)"]),
    ("idempotency look-up (_replay)", ["_replay ("]),
    ("eligibility check (is_eligible)", ["is_eligible ("]),
    ("load every offer (load_offers / load_bids)", ["load_offers (", "load_bids ("]),
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
