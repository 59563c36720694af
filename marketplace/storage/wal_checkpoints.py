"""Embedded mode: SQLite's write-ahead log is copied back into the database file (checkpointed)
by a thread of the web process's own, never by a bid's commit.

By default SQLite checkpoints in whichever connection's commit takes the log past 1,000 pages:
every few hundred bids one commit copies them all back and waits for the disk, and while it does
the one gevent worker serves no socket. The web process turns that off for its own
connections and checkpoints from a real operating-system thread, where sqlite3 releases the GIL
while it copies and syncs, so the event loop keeps serving. Other processes (the CLI) keep
SQLite's default, and a PASSIVE checkpoint never waits for them or holds them up."""
import sqlite3
import sys

import sqlalchemy as sa
from sqlalchemy import event

INTERVAL_SECONDS = 0.5
# A PASSIVE checkpoint lets the log start over only when no commit came while it copied; under
# a steady stream of bids that can be missed many times in a row, and the log file keeps
# growing. Past this many pages the thread asks for a RESTART checkpoint, which holds the next
# commit until the few pages the PASSIVE one left are copied, so that the log starts over.
RESTART_AFTER_PAGES = 4000


def checkpoint_in_background(engine: sa.Engine, interval: float = INTERVAL_SECONDS,
                             restart_after: int = RESTART_AFTER_PAGES) -> bool:
    """For this engine's connections, leave checkpoints to a background thread, and start it.
    Only for a SQLite database in a file; returns whether it started."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return False

    @event.listens_for(engine, "connect")
    def _no_checkpoint_on_commit(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

    engine.dispose()  # connections opened before this (start-up, demo data) would still checkpoint
    start_new_thread, sleep = _real_thread_tools()
    start_new_thread(_checkpoint_forever, (database, interval, restart_after, sleep))
    return True


def _real_thread_tools():
    """An operating-system thread and sleep, also in a gevent worker, whose monkey-patching turns
    threading's threads into greenlets (which would run the checkpoint on the event loop)."""
    from gevent import monkey
    return monkey.get_original("_thread", "start_new_thread"), monkey.get_original("time", "sleep")


def _checkpoint_forever(database: str, interval: float, restart_after: int, sleep) -> None:
    connection = None
    while True:
        sleep(interval)
        try:
            if connection is None:
                connection = sqlite3.connect(database, isolation_level=None)
                connection.execute("PRAGMA busy_timeout=2000")  # a RESTART waits for the commit in progress
            _busy, log_pages, _copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if log_pages > restart_after:
                connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        except Exception as exc:  # the thread must outlive any one failure, or the log grows for good
            # No logging here: its handlers' locks belong to the event loop's thread under gevent.
            # A missed checkpoint only lets the log grow until the next one.
            sys.stderr.write(f"zorgbod: WAL checkpoint failed: {type(exc).__name__}: {exc}\n")
