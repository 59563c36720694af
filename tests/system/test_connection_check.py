"""A pooled PostgreSQL connection that died while it stood idle is replaced before a bid uses
it; one used a moment ago is trusted without a round trip (marketplace/storage/connection_check.py)."""
import time

import pytest
import sqlalchemy as sa

from marketplace.storage import connection_check
from tests.support.services import REQUIRE_SERVICES, TEST_DATABASE_URL, pg_admin, pg_url

if not TEST_DATABASE_URL:
    if REQUIRE_SERVICES:
        raise pytest.UsageError("REQUIRE_SERVICES=1 needs TEST_DATABASE_URL")
    pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)", allow_module_level=True)


@pytest.fixture
def engine():
    engine = sa.create_engine(pg_url(sa.make_url(TEST_DATABASE_URL).database))
    connection_check.install(engine, idle_seconds=0.2)
    pings = []
    real_ping = engine.dialect.do_ping
    engine.dialect.do_ping = lambda dbapi_connection: pings.append(1) or real_ping(dbapi_connection)
    engine.pings = pings
    yield engine
    engine.dispose()


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()


def terminate(pid: int) -> None:
    with pg_admin() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    time.sleep(0.05)


def test_a_connection_that_died_while_idle_is_replaced_before_use(engine):
    pid = backend_pid(engine)
    terminate(pid)
    time.sleep(0.25)  # longer than idle_seconds: the next checkout pings, finds it dead, opens another
    assert backend_pid(engine) != pid
    assert engine.pings == [1]


def test_a_connection_used_a_moment_ago_costs_no_ping(engine):
    pid = backend_pid(engine)
    for _ in range(5):
        assert backend_pid(engine) == pid
    assert engine.pings == []


def test_one_that_died_within_the_moment_fails_once_and_the_pool_recovers(engine):
    pid = backend_pid(engine)
    terminate(pid)
    # The trade-off, pinned: the statement fails as a disconnect (the API answers 503 and
    # writes nothing), and SQLAlchemy replaces the pool's connections for the next one.
    with pytest.raises(sa.exc.OperationalError) as failure:
        backend_pid(engine)
    assert failure.value.connection_invalidated
    assert backend_pid(engine) != pid
