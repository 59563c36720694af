"""Embedded mode: SQLite's log is copied back into the database file by a background thread,
never by a bid's commit on the event loop."""
import os
import time

import sqlalchemy as sa

from marketplace.auction.transactions import install_sqlite_begin
from marketplace.storage.wal_checkpoints import checkpoint_in_background

PAGE = 4096
ROWS = 1500  # one page each: past SQLite's default of checkpointing at 1,000 pages


def _engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'zorgbod.db'}")
    install_sqlite_begin(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE offers (id INTEGER PRIMARY KEY, body BLOB)")
    return engine


def _commit_rows(engine):
    for _ in range(ROWS):  # one commit per row, as bids come
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO offers (body) VALUES (?)", (os.urandom(PAGE - 200),))


def test_a_commit_never_copies_the_log_back(tmp_path):
    engine = _engine(tmp_path)
    assert checkpoint_in_background(engine, interval=3600)  # the thread sleeps through this test
    _commit_rows(engine)
    database = tmp_path / "zorgbod.db"
    assert database.stat().st_size < 100 * PAGE  # without: every page copied back at 1,000
    assert (tmp_path / "zorgbod.db-wal").stat().st_size > ROWS * PAGE
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM offers").scalar() == ROWS
    engine.dispose()


def test_the_background_thread_copies_the_log_into_the_database(tmp_path):
    engine = _engine(tmp_path)
    assert checkpoint_in_background(engine, interval=0.05)
    _commit_rows(engine)
    database = tmp_path / "zorgbod.db"
    deadline = time.monotonic() + 10
    while database.stat().st_size < ROWS * PAGE and time.monotonic() < deadline:
        time.sleep(0.05)
    assert database.stat().st_size >= ROWS * PAGE
    engine.dispose()


def test_only_a_sqlite_file_gets_a_checkpoint_thread():
    assert not checkpoint_in_background(sa.create_engine("sqlite://"))
    assert not checkpoint_in_background(sa.create_engine("postgresql+psycopg://127.0.0.1/none"))
