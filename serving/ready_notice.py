"""Wait until a Zorgbod web process answers /readyz with 200, then print a line and exit 0;
exit 1 when the process (PID) has gone or after TIMEOUT seconds. Standard library only, so it
starts at once beside gunicorn: `make run` prints the address only once it is really ready,
and deploy/cluster.sh waits on each web process this way.

    python serving/ready_notice.py URL [PID] [MESSAGE]
"""
import os
import sys
import time
import urllib.error
import urllib.request

TIMEOUT = 600.0


def alive(pid: int | None) -> bool:
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ready(url: str) -> bool:
    # Never through a proxy from the environment: this is a process on this machine.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url.rstrip('/')}/readyz", timeout=3) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False  # not listening yet, or 503 while the scanner loads


def main(argv: list[str]) -> int:
    url = argv[1]
    pid = int(argv[2]) if len(argv) > 2 and argv[2] else None
    message = argv[3] if len(argv) > 3 else None
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and alive(pid):
        if ready(url):
            if message:
                print(message, flush=True)
            return 0
        time.sleep(1)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
