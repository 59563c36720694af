"""Real processes for the tests that need them: gunicorn web processes, the scheduler process,
a private redis-server and PostgreSQL on spare ports. Whatever is started here is killed when
its test ends; each process logs to a file under the test's tmp_path, and the tails are printed
on failure. The clients that talk to them are in app_clients; the process helpers the bench
shares are in process_control."""
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
import redis

# The system tests import all of these from here.
from .app_clients import (  # noqa: F401
    AANBIEDER1,
    AANBIEDER2,
    CONSULTANT,
    NAMESPACE,
    Api,
    LiveView,
    bid_body,
    publish_window,  # noqa: F401
)
from .process_control import (  # noqa: F401
    ROOT,
    Process,
    create_database,
    drop_database,
    eventually,
    free_port,
    health,  # noqa: F401
    wait_healthy,
)

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# Settings the app reads from the environment: the test decides each of them, not the shell.
APP_VARIABLES = {"PORT", "HOST", "DATABASE_URL", "REDIS_URL", "SOCKETIO_CHANNEL", "SOCKETIO_ASYNC_MODE",
                 "SCHEDULER_MODE", "SCHEDULER_SYNC_SECONDS", "SECRET_KEY", "ZORGBOD_INSTANCE_DIR", "MAIL_URL",
                 "MAIL_DIR", "PUBLIC_URL"}


def require(available, reason: str) -> None:
    """Skip a test whose service is missing here; with REQUIRE_SERVICES=1 (CI) that is a failure."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


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
    web = processes.start(name, [sys.executable, "-m", "gunicorn", "-c", "serving/gunicorn.conf.py",
                                 "--no-control-socket", "wsgi:app"], {**env, "PORT": str(port)})
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
    web = processes.start("web", [sys.executable, "-m", "gunicorn", "-c", "serving/gunicorn.conf.py", "wsgi:app"], env)
    web.url = f"http://127.0.0.1:{port}"
    wait_healthy(web)
    return web


def start_scheduler(processes: Processes, env: dict) -> Process:
    """`flask --app wsgi scheduler`: the one process that opens and closes windows."""
    return processes.start("scheduler", [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler"], env)


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
        return create_database(self.url(), name)


def create_database_on(server_url: str, processes: Processes) -> str:
    """A fresh database on the server of server_url (dropped when the test ends); its URL."""
    name = f"zorgbod_p_{uuid.uuid4().hex[:12]}"
    url = create_database(server_url, name)
    processes.on_close(lambda: drop_database(server_url, name))
    return url


