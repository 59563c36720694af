"""What /proc says: process trees, their memory and CPU, and how busy the machine's cores are."""
import os
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


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


def background_cpu(seconds: float = 2.0) -> float:
    """Cores busy with other work just before a run (another process on this machine)."""
    b0, t0 = machine_cpu()
    time.sleep(seconds)
    b1, t1 = machine_cpu()
    return (b1 - b0) / seconds
