"""Checking a pooled database connection before use, only when it may have gone stale.

SQLAlchemy's pool_pre_ping sends a round trip on every checkout: one per bid, a cost the bid
path should not pay. A connection checked in a moment ago was alive a moment ago; one that has
stood idle is pinged. A database that restarts within that moment costs the next statement on
a stale connection: it fails as a clear 503 (nothing written), and SQLAlchemy then replaces
every connection the pool held.
"""
import time

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError


def install(engine: sa.Engine, idle_seconds: float) -> None:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record):
        if record is not None:
            record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        # A new connection has no entry (nor one that was invalidated: its info is cleared).
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is None or time.monotonic() - checked_in_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out (or opens) another.
            raise DisconnectionError() from error
