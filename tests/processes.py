"""Real processes for the tests that need them: gunicorn web processes, the scheduler process,
a private redis-server and PostgreSQL on spare ports, the JSON API over HTTP, and a Socket.IO
client that records what it hears. Whatever is started here is killed when its test ends;
each process logs to a file under the test's tmp_path, and the tails are printed on failure."""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest
import redis
import requests
import socketio
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "/auction"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# Settings the app reads from the environment: the test decides each of them, not the shell.
APP_VARIABLES = {"PORT", "HOST", "DATABASE_URL", "REDIS_URL", "SOCKETIO_CHANNEL", "SOCKETIO_ASYNC_MODE",
                 "SCHEDULER_MODE", "SCHEDULER_SYNC_SECONDS", "SECRET_KEY", "ZORGBOD_INSTANCE_DIR"}

CONSULTANT = ("consulent@lelystad.example", "demo-consulent")
AANBIEDER1 = ("aanbieder1@zorg.example", "demo-aanbieder")
AANBIEDER2 = ("aanbieder2@zorg.example", "demo-aanbieder")


def require(available, reason: str) -> None:
    """Skip a test whose service is missing here; with REQUIRE_SERVICES=1 (CI) that is a failure."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


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
    output in a log file."""

    def __init__(self, name: str, argv: list, log_path: Path, env: dict | None = None, **popen):
        self.name = name
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.popen = subprocess.Popen([str(a) for a in argv], stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, env=env, cwd=ROOT,
                                          start_new_session=True, **popen)
        self.url: str | None = None
        self.stop_signal = signal.SIGKILL  # how the test's end stops it (PostgreSQL: SIGINT, fast)

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

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
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


class Processes:
    """Everything one test started. As a context manager: on the way out it stops the
    processes (newest first), runs the registered clean-ups, and prints each log's tail when
    the test or its set-up failed."""

    def __init__(self, request, tmp_path: Path):
        self.request = request
        self.tmp_path = tmp_path
        self.started: list[Process] = []
        self.cleanups: list = []
        self.failed_before = request.session.testsfailed

    def start(self, name: str, argv: list, env: dict | None = None, **popen) -> Process:
        process = Process(name, argv, self.tmp_path / f"{name}.log", env, **popen)
        self.started.append(process)
        return process

    def on_close(self, fn) -> None:
        self.cleanups.append(fn)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        failed = exc_type is not None or self.request.session.testsfailed > self.failed_before
        if failed:
            self.print_tails()
        for process in reversed(self.started):
            process.stop(process.stop_signal, timeout=5)  # then SIGKILL to its group: no orphans
        errors = []
        for fn in reversed(self.cleanups):
            try:
                fn()
            except Exception as error:  # run every clean-up; report the first that failed
                errors.append(error)
        if errors and exc_type is None:
            raise errors[0]
        return False

    def print_tails(self) -> None:
        seen, parts = set(), []
        for process in self.started:
            if process.log_path not in seen:
                seen.add(process.log_path)
                parts.append(f"----- {process.name}: last lines of {process.log_path} -----\n{process.tail()}")
        print("\n".join(parts))  # pytest shows it with the failure


# --- the app's processes ------------------------------------------------------------------

def app_env(tmp_path: Path, database_url: str, redis_url: str, channel: str | None = None) -> dict:
    """Scale-out mode as deploy/cluster.sh starts it, on this test's database and queue."""
    env = {k: v for k, v in os.environ.items() if k not in APP_VARIABLES}
    env.update(DATABASE_URL=database_url, REDIS_URL=redis_url,
               SOCKETIO_CHANNEL=channel or f"zorgbod-test-{uuid.uuid4().hex[:12]}",
               SCHEDULER_MODE="external", SCHEDULER_SYNC_SECONDS="1", SECRET_KEY="real-process-tests",
               ZORGBOD_INSTANCE_DIR=str(tmp_path / "instance"), PYTHONUNBUFFERED="1")
    return env


def flask(args: list[str], env: dict, log_path: Path) -> None:
    """Run one `flask --app wsgi ...` command to its end; its output is appended to log_path."""
    with open(log_path, "ab") as log:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120)
    if done.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
        raise AssertionError(f"flask {' '.join(args)} exited {done.returncode}:\n{tail}")


def migrate_and_seed(env: dict, tmp_path: Path) -> None:
    """`flask db upgrade` and the demo data, as `make cluster` prepares a fresh database."""
    flask(["db", "upgrade"], env, tmp_path / "setup.log")
    flask(["demo-data"], env, tmp_path / "setup.log")


def start_web(processes: Processes, name: str, env: dict) -> Process:
    """One gunicorn web process (gevent websocket worker) on a spare port. No control socket:
    gunicorn's default one ($HOME/.gunicorn/gunicorn.ctl) would be shared by every process."""
    port = free_port()
    web = processes.start(name, [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket",
                                 "wsgi:app"], {**env, "PORT": str(port)})
    web.url = f"http://127.0.0.1:{port}"
    return web


def start_embedded(processes: Processes, tmp: Path, secret: str, **settings) -> Process:
    """The app as `make run` serves it (SQLite, scheduler inside, demo data) on a spare port,
    with its own database and instance folder under `tmp`."""
    env = {k: v for k, v in os.environ.items() if k not in APP_VARIABLES}
    port = free_port()
    env.update(DATABASE_URL=f"sqlite:///{tmp / 'zorgbod.db'}", SECRET_KEY=secret,
               ZORGBOD_INSTANCE_DIR=str(tmp / "instance"), LOGIN_RATE_LIMIT="1000 per minute",
               SCHEDULER_SYNC_SECONDS="1", PORT=str(port), PYTHONUNBUFFERED="1", **settings)
    flask(["db", "upgrade"], env, tmp / "setup.log")
    flask(["demo-data"], env, tmp / "setup.log")
    web = processes.start("web", [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], env)
    web.url = f"http://127.0.0.1:{port}"
    wait_healthy(web)
    return web


def start_scheduler(processes: Processes, env: dict) -> Process:
    """`flask --app wsgi scheduler`: the one process that opens and closes windows."""
    return processes.start("scheduler", [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"], env)


def health(url: str) -> requests.Response:
    with requests.Session() as http:
        http.trust_env = False  # 127.0.0.1 only, never through a proxy
        return http.get(f"{url}/healthz", timeout=3)


def wait_healthy(web: Process, timeout: float = 60.0) -> None:
    """Healthy, and its personal-data scanner loaded (deduce, ~10 s): a publish before that
    would wait for it, past the API client's timeout."""
    def ready():
        assert web.alive, f"{web.name} exited with {web.popen.returncode}:\n{web.tail()}"
        try:
            resp = health(web.url)
        except requests.RequestException:
            return False
        return resp.status_code == 200 and resp.json().get("personal_data_scan") == "ok"
    eventually(ready, timeout, f"{web.name} healthy at {web.url}/healthz", interval=0.2)


def wait_scheduler(scheduler: Process, timeout: float = 30.0) -> None:
    def ready():
        assert scheduler.alive, f"scheduler exited with {scheduler.popen.returncode}:\n{scheduler.tail()}"
        return "scheduler started" in scheduler.log_text()
    eventually(ready, timeout, "the scheduler process started", interval=0.2)


# --- private servers --------------------------------------------------------------------------

class RedisServer:
    """A redis-server of this test's own on a spare port; kill it and start it again on the
    same port to play an outage."""

    @staticmethod
    def missing() -> str | None:
        """Why a private redis-server cannot run here, or None."""
        return None if shutil.which(REDIS_SERVER) else f"{REDIS_SERVER} is not installed"

    def __init__(self, processes: Processes):
        self.processes = processes
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: Process | None = None

    def start(self, timeout: float = 10.0) -> None:
        self.process = self.processes.start("redis", [
            REDIS_SERVER, "--port", self.port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no"])
        eventually(self.answers, timeout, f"redis-server on port {self.port}")

    def answers(self) -> bool:
        client = redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def kill(self) -> None:
        self.process.kill()


class PostgresServer:
    """A PostgreSQL of this test's own on a spare port, in a fresh data directory. PostgreSQL
    refuses to run as root, so as root its programs run as the `postgres` OS user, in a
    directory that user owns (pytest's tmp_path is private to root)."""

    @staticmethod
    def missing() -> str | None:
        """Why a private PostgreSQL cannot run here, or None."""
        if not os.access(PG_BIN / "initdb", os.X_OK):
            return f"{PG_BIN}/initdb is not installed (set PG_BIN)"
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return "running as root, and there is no `postgres` OS user to run PostgreSQL as"
        return None

    def __init__(self, processes: Processes):
        self.processes = processes
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="zorgbod-pg-"))
        processes.on_close(lambda: shutil.rmtree(self.dir, ignore_errors=True))
        self.as_user: dict = {}
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self.as_user = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
        self.process: Process | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        log_path = self.processes.tmp_path / "postgres.log"
        with open(log_path, "ab") as log:
            done = subprocess.run([PG_BIN / "initdb", "-A", "trust", "-U", "postgres", "-N", "-E", "UTF8",
                                   "-D", self.dir / "data"], stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=120, **self.as_user)
        assert done.returncode == 0, f"initdb failed:\n{log_path.read_text(errors='replace')[-3000:]}"

    def start(self, timeout: float = 20.0) -> None:
        self.process = self.processes.start("postgres", [
            PG_BIN / "postgres", "-D", self.dir / "data", "-p", self.port, "-k", self.dir,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off"], **self.as_user)
        self.process.stop_signal = signal.SIGINT
        eventually(self.answers, timeout, f"PostgreSQL on port {self.port}", interval=0.2)

    def answers(self) -> bool:
        assert self.process.alive, f"postgres exited:\n{self.process.tail()}"
        try:
            with psycopg.connect(self.url(), connect_timeout=1):
                return True
        except psycopg.OperationalError:
            return False

    def stop(self) -> None:
        """Fast shutdown (as `pg_ctl stop -m fast`): every connection is cut."""
        self.process.stop(signal.SIGINT, timeout=15)

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def create_database_on(server_url: str, processes: Processes) -> str:
    """A fresh database on the server of server_url (dropped when the test ends); its URL."""
    admin = server_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"zorgbod_p_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    processes.on_close(drop)
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


# --- talking to the app -----------------------------------------------------------------------

class Api:
    """The JSON API of one web process."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        self.http.trust_env = False  # 127.0.0.1 only, never through a proxy

    def call(self, method: str, path: str, token: str | None = None, json=None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, f"{self.url}{path}", json=json, headers=headers, timeout=10)

    def token(self, account: tuple[str, str]) -> str:
        email, password = account
        resp = self.call("POST", "/api/v1/tokens", json={"email": email, "password": password})
        assert resp.status_code == 201, resp.text
        return resp.json()["token"]

    def bid(self, token: str, request_id: int, price_cents: int) -> requests.Response:
        return self.call("POST", f"/api/v1/requests/{request_id}/bids", token, bid_body(price_cents))

    def request(self, token: str, request_id: int) -> dict:
        resp = self.call("GET", f"/api/v1/requests/{request_id}", token)
        assert resp.status_code == 200, resp.text
        return resp.json()


def bid_body(price_cents: int) -> dict:
    start = (datetime.now(timezone.utc) + timedelta(days=30)).date()
    return {"price_cents": price_cents, "start_date": start.isoformat(),
            "approach": "Vaste begeleider, wekelijks contact.", "idempotency_key": str(uuid.uuid4())}


def publish_window(api: Api, consultant_token: str, seconds: float, soft_close: int = 0,
                   max_extension: int = 1800, client_name: str = "Truus Testcliënt",
                   address: str = "Teststraat 1, 8232 AA Lelystad", client: dict | None = None,
                   description: str = "Hulp bij administratie en dagstructuur.") -> tuple[int, datetime]:
    """A request whose window is open now and closes `seconds` from now, with no soft close
    unless asked; `client` replaces the default client's details whole."""
    now = datetime.now(timezone.utc)
    body = {
        "category": "begeleiding_individueel",
        "result_areas": [{"code": "administratie_financien", "complexity": "midden"}],
        "region": "823", "start_date": (now + timedelta(days=30)).date().isoformat(), "duration_weeks": 26,
        "max_price_cents": 150000, "floor_price_cents": 60000,
        "description": description,
        "opens_at": now.isoformat(), "closes_at": (now + timedelta(seconds=seconds)).isoformat(),
        "visibility": "open", "min_step_cents": 100, "soft_close_seconds": soft_close,
        "max_extension_seconds": max_extension,
        "client": client or {"name": client_name, "bsn": "111222333", "address": address, "phone": "06-11112222"},
    }
    created = api.call("POST", "/api/v1/requests", consultant_token, body)
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    published = api.call("POST", f"/api/v1/requests/{request_id}/publish", consultant_token)
    assert published.status_code == 200 and published.json()["status"] == "open", published.text
    closes_at = datetime.fromisoformat(api.request(consultant_token, request_id)["closes_at"])
    return request_id, closes_at


class LiveView:
    """A Socket.IO client on /auction, as an open browser tab: it records every `standings`
    and `closed` event it hears. It does not reconnect by itself; a test opens a new one."""

    def __init__(self, url: str, token: str):
        self.standings: list[dict] = []
        self.closed: list[tuple[float, dict]] = []  # (time.time() on arrival, payload)
        self.last_seq = 0
        self._heard = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("standings", self._on_standings, namespace=NAMESPACE)
        self.client.on("closed", self._on_closed, namespace=NAMESPACE)
        self.client.connect(url, auth={"token": token}, namespaces=[NAMESPACE], transports=["websocket"],
                            wait_timeout=10)

    def _on_standings(self, data):
        with self._heard:
            self.standings.append(data)
            self.last_seq = max(self.last_seq, data.get("seq", 0))
            self._heard.notify_all()

    def _on_closed(self, data):
        with self._heard:
            self.closed.append((time.time(), data))
            self._heard.notify_all()

    def _saw(self, standings: dict) -> dict:
        with self._heard:
            self.last_seq = max(self.last_seq, standings.get("seq", 0))
        return standings

    def join(self, request_id: int) -> dict:
        """Join the request's room; returns the standings of the ack."""
        ack = self.client.call("join", {"request_id": request_id}, namespace=NAMESPACE, timeout=10)
        assert ack.get("ok"), ack
        return self._saw(ack["standings"])

    def bid(self, request_id: int, price_cents: int) -> dict:
        """Bid over the socket; returns the ack's standings."""
        ack = self.client.call("bid", {"request_id": request_id, **bid_body(price_cents)}, namespace=NAMESPACE,
                               timeout=10)
        assert ack.get("ok"), ack
        return self._saw(ack["standings"])

    def wait_for_standings(self, predicate, timeout: float = 5.0) -> dict:
        """The first standings heard that satisfy predicate (already heard or still to come)."""
        deadline = time.monotonic() + timeout
        with self._heard:
            while True:
                match = next((s for s in self.standings if predicate(s)), None)
                if match is not None:
                    return match
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching standings within {timeout} s; heard: {self.standings}")
                self._heard.wait(left)

    def wait_closed(self, timeout: float) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        with self._heard:
            while not self.closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no `closed` event within {timeout:.0f} s")
                self._heard.wait(left)
            return self.closed[0]

    @property
    def connected(self) -> bool:
        return self.client.connected

    def close(self) -> None:
        try:
            self.client.disconnect()
        except Exception:  # already gone with its server
            pass
