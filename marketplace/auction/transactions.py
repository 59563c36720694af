"""The request row is the one arbiter of its auction: every change to a request's auction
state happens inside `locked_request`, and broadcasts wait for the commit."""
import logging
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import cache
from typing import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.orm.attributes import set_committed_value

from ..models import Request
from .errors import not_found

log = logging.getLogger(__name__)
_subscribers: list[Callable[[object], None]] = []
_guards: list[Callable[[], None]] = []


def register_guard(fn: Callable[[], None]) -> None:
    """A check run before a bid is taken; it raises a DomainError to refuse (e.g. the live
    message queue is down, so the bid's broadcast would vanish)."""
    if fn not in _guards:
        _guards.append(fn)


def run_guards() -> None:
    for fn in _guards:
        fn()


def subscribe(fn: Callable[[object], None]) -> None:
    """Register a function called with each change after its transaction commits."""
    if fn not in _subscribers:
        _subscribers.append(fn)


def on_commit(session: Session, change: object) -> None:
    """Queue a change to publish once (and only if) the transaction commits."""
    session.info.setdefault("pending_changes", []).append(change)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info["committed_changes"] = session.info.pop("pending_changes", [])


@event.listens_for(Session, "after_transaction_end")
def _publish_committed(session: Session, transaction) -> None:
    # Published once the transaction has also handed its connection back to the pool, not in
    # after_commit, which runs before that: publishing waits for Redis and lets other bids run,
    # and each bid that found every pooled connection held that way would open a new one and
    # close it again afterwards, a PostgreSQL connect on the bid path.
    if transaction.parent is not None:
        return
    for change in session.info.pop("committed_changes", []):
        for fn in list(_subscribers):
            try:
                fn(change)
            except Exception:
                # The change is committed: a subscriber that fails (the scheduler's job store, say)
                # must not turn it into an error for the caller, who would then report a bid that
                # counts as refused. The scheduler's sync re-arms windows; a gap in seq makes
                # clients re-join.
                log.exception("after commit, %s failed on %s", getattr(fn, "__name__", fn), type(change).__name__)


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back(session: Session) -> None:
    session.info.pop("pending_changes", None)


def _plain(session) -> Session:
    """The Session behind a scoped_session (Flask-SQLAlchemy's db.session)."""
    return session() if isinstance(session, scoped_session) else session


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def _system_clock() -> datetime:
    return datetime.now(timezone.utc)


# Tests replace this to move time without sleeping; production never does.
clock: Callable[[], datetime] = _system_clock


def server_now(session: Session) -> datetime:
    """The clock that decides: the database's on PostgreSQL (shared by every web process),
    this process's on SQLite (where there is only one)."""
    if clock is _system_clock and dialect_name(session) == "postgresql":
        locked_at = session.info.get("locked_at")
        if locked_at is not None:
            return locked_at  # read with the lock: the moment this change got its turn
        return session.scalar(sa.select(sa.func.clock_timestamp())).astimezone(timezone.utc)
    return clock()


@cache
def _lock_statement(dialect: str, also: tuple = ()) -> sa.Select:
    # Built once per shape (see bidding.py for why). SQLite: the lock is BEGIN IMMEDIATE, the
    # row a plain read. PostgreSQL: FOR UPDATE, and the database's clock comes back with the
    # lock, saving the bid path a round trip.
    if dialect == "sqlite":
        stmt = sa.select(Request, sa.null(), *also)
    else:
        stmt = sa.select(Request, sa.func.clock_timestamp(), *also).with_for_update(of=Request)
    return stmt.where(Request.id == sa.bindparam("request_id")).execution_options(populate_existing=True)


@contextmanager
def locked_request(session: Session, request_id: int) -> Iterator[Request]:
    """A write transaction that holds this request's row until commit.

    PostgreSQL: SELECT ... FOR UPDATE. SQLite: BEGIN IMMEDIATE, which takes the database's
    write lock up front, so two bids (or a bid and the close) never interleave.
    """
    with locked_request_and(session, request_id) as (request, _also):
        yield request


@contextmanager
def locked_request_and(session: Session, request_id: int, also: tuple = (),
                       params: dict | None = None) -> Iterator[tuple[Request, tuple]]:
    """locked_request, and the values of the `also` columns (built once by the caller; they
    may refer to the request row, e.g. a correlated EXISTS) read with the lock: the bid path's
    eligibility check costs no round trip of its own."""
    if _plain(session).in_transaction():
        session.commit()  # end the read transaction the caller's auth lookups began
    dialect = dialect_name(session)
    if dialect == "sqlite":
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    try:
        row = session.execute(_lock_statement(dialect, also), {"request_id": request_id, **(params or {})}).first()
        if row is None:
            raise not_found()
        request, locked_at, *values = row
        if locked_at is not None:
            session.info["locked_at"] = locked_at.astimezone(timezone.utc)
        yield request, tuple(values)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop("locked_at", None)


# A write that reads nothing back: a prebuilt INSERT or UPDATE whose bind names carry a prefix
# of their own, and its parameters. Such writes can be folded into one statement (write_together).
Write = tuple[sa.Executable, dict]


def prefixed_insert(table: sa.Table, prefix: str, columns: tuple[str, ...]) -> sa.Insert:
    """INSERT of these columns with binds named prefix + column, so it can share a statement."""
    # inline: no RETURNING of the new id, which nothing reads back.
    return table.insert().inline().values({name: sa.bindparam(prefix + name) for name in columns})


def prefixed(prefix: str, values: dict) -> dict:
    return {prefix + name: value for name, value in values.items()}


@cache
def _request_update(columns: tuple[str, ...]) -> sa.Update:
    table = Request.__table__
    return table.update().where(table.c.id == sa.bindparam("req_id")) \
        .values({name: sa.bindparam(f"req_{name}") for name in columns})


def request_write(request: Request, **values) -> Write:
    """The UPDATE of these columns of the request locked by `locked_request`, for
    write_together; the loaded object shows them as written from now on. Every bid moves seq:
    the unit of work's flush of one changed object costs more CPU than the bid's own rules."""
    columns = tuple(sorted(values))
    for name in columns:
        set_committed_value(request, name, values[name])
    return _request_update(columns), {"req_id": request.id, **prefixed("req_", values)}


@cache
def _folded(statements: tuple[sa.Executable, ...]) -> sa.Select:
    return sa.select(sa.literal_column("1")).add_cte(*(s.cte(f"write_{i}") for i, s in enumerate(statements)))


def write_together(session: Session, writes: list[Write]) -> None:
    """Run writes that read nothing back and touch different rows, in this transaction.

    On PostgreSQL they go as the data-modifying CTEs of one statement: one round trip instead of
    one each, where every round trip holds a web worker (serving/gunicorn.conf.py's wait_c) while the
    database, Redis and the other workers share the machine. Elsewhere one after the other."""
    params: dict = {}
    for _statement, values in writes:
        params.update(values)
    if len(params) != sum(len(values) for _statement, values in writes):
        raise ValueError("writes folded together need bind names of their own")
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_folded(tuple(statement for statement, _values in writes)), params)
    else:
        for statement, values in writes:
            connection.execute(statement, values)


def install_sqlite_begin(engine: sa.Engine) -> None:
    """Let us choose BEGIN IMMEDIATE per transaction (pysqlite would otherwise decide when to
    begin on its own); WAL keeps readers from blocking the writer."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
