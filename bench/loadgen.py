"""One load-generator process: many python-socketio AsyncClients on one asyncio loop.

Started by bench.drive with a JSON config (its share of the rooms; whole rooms, so a bid's ack
and the room's broadcasts are timed on the same clock in the same process). Protocol on
stdin/stdout, one line each:

    -> READY {"connected": N, "failed": M, ...}   every client connected and joined
    <- GO <wall-clock start time>                  start bidding then
    -> DONE                                        results written to --out

Each provider bids as a Poisson process (rate = the process's share of --rate divided by its
providers), always a valid lowering revision of its own previous price, one bid in flight at
a time. Every client records (seq, arrival time) of each `standings` it receives; the
analysis after the run matches them to bid acknowledgements by (request, seq).
"""
import argparse
import asyncio
import json
import random
import resource
import sys
import time
import uuid
from datetime import datetime

import orjson
import socketio
import uvloop

NAMESPACE = "/auction"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _OrjsonCodec:
    """What python-socketio's `json` option calls of a json module. (marketplace.realtime.fast_json is the
    server's; importing it here would load the whole app into every load generator.)"""
    loads = staticmethod(orjson.loads)

    @staticmethod
    def dumps(obj, **_options) -> str:
        return orjson.dumps(obj).decode()


class Conn:
    __slots__ = ("idx", "room", "request_id", "kind", "token", "url", "sio", "join_seq", "recv",
                 "closed", "error", "price", "bids", "dropped")

    def __init__(self, idx, room, request_id, kind, token, url):
        self.idx, self.room, self.request_id, self.kind = idx, room, request_id, kind
        self.token, self.url = token, url
        self.sio = None
        self.join_seq = None
        self.recv: list[tuple[int, float]] = []  # (seq, wall-clock arrival)
        self.closed: list[tuple[int, float]] = []  # (seq, wall-clock arrival) of `closed`
        self.error = None
        self.price = None
        self.bids = 0
        self.dropped = None  # (wall-clock time, reason) when the server dropped the connection


class LoadGen:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.conns: list[Conn] = []
        urls = cfg["urls"]
        for r, room in enumerate(cfg["rooms"]):
            members = [("provider", t) for t in room["provider_tokens"]] + [("consultant", room["consultant_token"])]
            for j, (kind, token) in enumerate(members):
                url = urls[(r + j) % len(urls)]  # spread each room over every web process
                self.conns.append(Conn(len(self.conns), r, room["request_id"], kind, token, url))
        # (request_id, seq) -> (sent, acked (wall clock), server's time in the ack, conn idx, measured?)
        self.acks: dict[tuple[int, int], tuple[float, float, float | None, int, bool]] = {}
        self.bid_latencies: list[float] = []  # measured bids: send -> ack, seconds
        self.accepted = 0
        self.accepted_all = 0
        self.sent_measured = 0
        self.rejected: dict[str, int] = {}
        self.timeouts = 0
        self.errors: dict[str, int] = {}
        self.loop_lag: list[float] = []

    # -- connecting ---------------------------------------------------------------------------
    async def _open(self, conn: Conn, sem: asyncio.Semaphore) -> None:
        async with sem:
            # orjson, as the server uses: every client decodes each standings it receives.
            sio = socketio.AsyncClient(reconnection=False, json=_OrjsonCodec)
            recv, closed = conn.recv, conn.closed

            def on_standings(data, recv=recv):
                recv.append((data.get("seq", -1) if isinstance(data, dict) else -1, time.time()))

            def on_closed(data, closed=closed):
                closed.append((data.get("seq", -1) if isinstance(data, dict) else -1, time.time()))

            def on_disconnect(reason=None, conn=conn):
                if conn.dropped is None and not getattr(self, "closing", False):
                    conn.dropped = (time.time(), str(reason))

            sio.on("standings", on_standings, namespace=NAMESPACE)
            sio.on("closed", on_closed, namespace=NAMESPACE)
            sio.on("disconnect", on_disconnect, namespace=NAMESPACE)
            conn.sio = sio
            try:
                await sio.connect(conn.url, auth={"token": conn.token}, transports=["websocket"],
                                  namespaces=[NAMESPACE], wait_timeout=30)
                ack = await sio.call("join", {"request_id": conn.request_id}, namespace=NAMESPACE, timeout=30)
                if not (isinstance(ack, dict) and ack.get("ok")):
                    raise RuntimeError(f"join refused: {ack}")
                conn.join_seq = ack["standings"]["seq"]
            except Exception as exc:  # reported, never fatal: the run says how many failed
                conn.error = f"{type(exc).__name__}: {exc}"[:200]

    async def connect_all(self) -> dict:
        started = time.monotonic()
        sem = asyncio.Semaphore(self.cfg.get("connect_concurrency", 25))
        await asyncio.gather(*(self._open(c, sem) for c in self.conns))
        failed = [c for c in self.conns if c.error]
        return {"connected": len(self.conns) - len(failed), "failed": len(failed),
                "first_error": failed[0].error if failed else None,
                "seconds": round(time.monotonic() - started, 2)}

    # -- bidding ------------------------------------------------------------------------------
    async def _bidder(self, conn: Conn, rate_each: float, t0: float, t_measure: float, t_end: float) -> None:
        cfg = self.cfg
        step = cfg["min_step_cents"]
        conn.price = cfg["max_price_cents"] - random.randint(0, 50) * step
        next_at = t0 + random.expovariate(rate_each)
        while True:
            if next_at >= t_end:
                return
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent = time.monotonic()
            sent_wall = time.time()
            if sent >= t_end:
                return
            measured = sent >= t_measure
            payload = {"request_id": conn.request_id, "price_cents": conn.price,
                       "start_date": cfg["start_date"],
                       "approach": "Vaste begeleider, wekelijks huisbezoek (benchmark).",
                       "idempotency_key": uuid.uuid4().hex}
            if measured:
                self.sent_measured += 1
            try:
                ack = await conn.sio.call("bid", payload, namespace=NAMESPACE, timeout=cfg.get("ack_timeout", 30))
            except socketio.exceptions.TimeoutError:
                self.timeouts += 1
                ack = None
            except Exception as exc:
                key = type(exc).__name__
                self.errors[key] = self.errors.get(key, 0) + 1
                ack = None
                if not conn.sio.connected:
                    return
            acked = time.monotonic()
            acked_wall = time.time()
            if isinstance(ack, dict):
                if ack.get("ok"):
                    self.accepted_all += 1
                    seq = ack["standings"]["seq"]
                    self.acks[(conn.request_id, seq)] = (sent_wall, acked_wall, _epoch(ack["standings"].get("server_time")),
                                                         conn.idx, measured)
                    if measured:
                        self.accepted += 1
                        self.bid_latencies.append(acked - sent)
                else:
                    code = (ack.get("error") or {}).get("code", "unknown")
                    self.rejected[code] = self.rejected.get(code, 0) + 1
            conn.bids += 1
            conn.price -= step * random.randint(1, 3)
            next_at += random.expovariate(rate_each)

    async def _lag_monitor(self, t_measure: float, t_end: float) -> None:
        """How late the loop wakes a 20 ms sleep: a busy load generator shows up here."""
        while True:
            before = time.monotonic()
            if before >= t_end:
                return
            await asyncio.sleep(0.02)
            if before >= t_measure:
                self.loop_lag.append(time.monotonic() - before - 0.02)

    async def run_load(self, t0: float) -> dict:
        cfg = self.cfg
        t_measure = t0 + cfg["warmup"]
        t_end = t_measure + cfg["duration"]
        providers = [c for c in self.conns if c.kind == "provider" and not c.error]
        rate_each = cfg["rate"] / max(1, len(providers))
        tasks = [asyncio.create_task(self._bidder(c, rate_each, t0, t_measure, t_end)) for c in providers]
        tasks.append(asyncio.create_task(self._lag_monitor(t_measure, t_end)))
        await asyncio.sleep(max(0.0, t_measure - time.monotonic()))
        cpu_start = _cpu()
        await asyncio.sleep(max(0.0, t_end - time.monotonic()))
        cpu_measured = _cpu() - cpu_start
        # Drain: in-flight bids get their acks, then the last broadcasts arrive.
        done, pending = await asyncio.wait(tasks, timeout=cfg.get("ack_timeout", 30) + 5)
        for task in pending:
            task.cancel()
        await asyncio.sleep(cfg.get("drain", 3))
        return {"cpu_seconds": cpu_measured, "t_measure": t_measure, "t_end": t_end}

    # -- results ------------------------------------------------------------------------------
    def results(self, timing: dict) -> dict:
        """Match every received standings to its bid by (request, seq). Three views of fan-out:
        from the server's acceptance (the `server_time` the ack carries; same machine clock),
        from the bidder's receipt of its ack (clamped at 0: the broadcast often wins), and
        from the bid's send (what another provider's screen lags behind a click)."""
        fanout: list[float] = []
        fanout_client_ack: list[float] = []
        # Split by whether the receiver is on the bidder's web process: in scale-out mode the
        # others hear of the bid through Redis, and this shows what that path costs.
        fanout_same: list[float] = []
        fanout_other: list[float] = []
        bid_to_others: list[float] = []
        before_ack = 0
        unmatched = 0
        conns = []
        for c in self.conns:
            if c.error:
                continue
            last = c.join_seq
            gaps = ooo = dups = 0
            seen = set()
            for seq, t in c.recv:
                if seq in seen:
                    dups += 1
                elif seq <= last:
                    ooo += 1
                elif seq > last + 1:
                    gaps += 1
                seen.add(seq)
                last = max(last, seq)
                ack = self.acks.get((c.request_id, seq))
                if ack is None:
                    unmatched += 1
                    continue
                sent, acked, server_ts, bidder, measured = ack
                if bidder == c.idx or not measured:
                    continue
                if server_ts is not None:
                    fanout.append(max(0.0, t - server_ts))
                    same = self.conns[bidder].url == c.url
                    (fanout_same if same else fanout_other).append(max(0.0, t - server_ts))
                if t < acked:
                    before_ack += 1
                fanout_client_ack.append(max(0.0, t - acked))
                bid_to_others.append(t - sent)
            conns.append({"request_id": c.request_id, "kind": c.kind, "join_seq": c.join_seq,
                          "seqs": sorted(s for s in seen if s > c.join_seq), "gaps": gaps,
                          "out_of_order": ooo, "duplicates": dups, "closed": c.closed,
                          "dropped": c.dropped})
        return {
            "accepted": self.accepted, "accepted_all": self.accepted_all,
            "sent_measured": self.sent_measured, "rejected": self.rejected, "timeouts": self.timeouts,
            "errors": self.errors, "bid_latencies": self.bid_latencies, "fanout": fanout,
            "fanout_client_ack": fanout_client_ack, "bid_to_others": bid_to_others,
            "fanout_same": fanout_same, "fanout_other": fanout_other,
            "fanout_before_ack": before_ack, "unmatched_broadcasts": unmatched,
            "acked_max_seq": self._acked_max(),
            "accepted_server_times": [a[2] for a in self.acks.values() if a[2] is not None], "conns": conns, "loop_lag": self.loop_lag,
            "cpu_seconds": timing["cpu_seconds"], "duration": self.cfg["duration"],
        }

    def _acked_max(self) -> dict:
        out: dict[str, int] = {}
        for (rid, seq) in self.acks:
            out[str(rid)] = max(out.get(str(rid), 0), seq)
        return out

    async def close(self) -> None:
        self.closing = True
        async def one(c):
            try:
                if c.sio is not None and c.sio.connected:
                    await c.sio.disconnect()
            except Exception:
                pass
        await asyncio.wait_for(asyncio.gather(*(one(c) for c in self.conns)), timeout=20)


def _epoch(iso) -> float | None:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except (TypeError, ValueError):
        return None


async def _readline() -> str:
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


async def main_async(args) -> None:
    cfg = json.loads(open(args.config).read())
    gen = LoadGen(cfg)
    summary = await gen.connect_all()
    print("READY " + json.dumps(summary), flush=True)
    line = (await _readline()).split()
    if not line or line[0] != "GO":
        await gen.close()
        return
    t0 = time.monotonic() + (float(line[1]) - time.time())
    timing = await gen.run_load(t0)
    with open(args.out, "w") as fh:
        json.dump(gen.results(timing), fh)
    print("DONE", flush=True)
    try:
        await gen.close()
    except Exception:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description="one Zorgbod benchmark load-generator process")
    parser.add_argument("--config", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    # The load generators share the machine's cores with the servers they measure, so their own
    # CPU is taken from the target: uvloop and orjson (above) keep it, and their loop's lag, low.
    uvloop.run(main_async(args))


if __name__ == "__main__":
    main()
