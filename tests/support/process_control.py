"""Process helpers the system tests and the bench share: ports, processes, /healthz and /readyz,
databases."""
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import psycopg
import requests
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def eventually(check, timeout: float, what: str, interval: float = 0.1):
    """Call check() until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout:.0f} s (last seen: {last!r})")


class Process:
    """One started process in a session of its own (a kill takes its children too), with its
    output in a log file; with stdout=PIPE only its stderr goes there."""

    def __init__(self, name: str, argv: list, log_path: Path, env: dict | None = None, **popen):
        self.name = name
        self.log_path = log_path
        stdout = popen.pop("stdout", None)
        popen.setdefault("stdin", subprocess.DEVNULL)
        with open(log_path, "ab") as log:
            self.popen = subprocess.Popen([str(a) for a in argv], env=env, cwd=ROOT, start_new_session=True,
                                          stdout=log if stdout is None else stdout,
                                          stderr=subprocess.STDOUT if stdout is None else log, **popen)
        self.url: str | None = None
        self.stop_signal = signal.SIGKILL  # how the test's end stops it (PostgreSQL: SIGINT, fast)

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def send(self, sig: int) -> None:
        """Signal the process itself (PostgreSQL's postmaster shuts its backends down)."""
        if self.alive:
            os.kill(self.popen.pid, sig)

    def kill(self) -> None:
        """SIGKILL the whole process group: gunicorn's worker dies with its master."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(10)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0, group: bool = False) -> None:
        """Send sig to the process (or, with group, to its whole group), give it `timeout`
        seconds, then SIGKILL whatever is left of its group: nothing outlives its stop."""
        if group and self.alive:
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass
        else:
            self.send(sig)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


def health(url: str) -> requests.Response:
    with requests.Session() as http:
        http.trust_env = False  # 127.0.0.1 only, never through a proxy
        return http.get(f"{url}/healthz", timeout=3)


def readiness(url: str) -> requests.Response:
    with requests.Session() as http:
        http.trust_env = False
        return http.get(f"{url}/readyz", timeout=3)


def wait_healthy(web: Process, timeout: float = 180.0, interval: float = 0.2) -> None:
    """Ready at web.url (/readyz 200): its database and queue answer and its personal-data scanner
    has loaded (deduce: seconds of CPU alone, far longer beside two test workers and other
    servers), so a publish need not wait for it and a measurement does not include it. The
    bench's bare relay answers /readyz as soon as it runs."""
    def ready():
        assert web.alive, f"{web.name} exited with {web.popen.returncode}:\n{web.tail()}"
        try:
            return readiness(web.url).status_code == 200
        except requests.RequestException:
            return False
    eventually(ready, timeout, f"{web.name} ready at {web.url}/readyz", interval=interval)


# --- PostgreSQL: databases of our own on a server we were given -------------------------------

def database_url(server_url: str, name: str) -> str:
    """The URL of database `name` on the server of server_url (libpq's form, no SQLAlchemy driver)."""
    return make_url(server_url).set(drivername="postgresql", database=name).render_as_string(hide_password=False)


def postgres_admin(server_url: str) -> psycopg.Connection:
    """An autocommit connection for CREATE/DROP DATABASE: to server_url's database, or to
    `postgres` when it names none."""
    return psycopg.connect(database_url(server_url, make_url(server_url).database or "postgres"),
                           autocommit=True, connect_timeout=10)


def create_database(server_url: str, name: str, replace: bool = False) -> str:
    """Create database `name` (with replace, dropping one left by an earlier run first); its URL."""
    with postgres_admin(server_url) as conn:
        if replace:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    """Drop database `name`, cutting whatever is still connected to it."""
    with postgres_admin(server_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
