"""The services a run may have beside SQLite, from the environment: PostgreSQL
(TEST_DATABASE_URL) and Redis (TEST_REDIS_URL); REQUIRE_SERVICES=1 (CI) makes a missing one an
error instead of a skip."""
import os

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pg_admin():
    import psycopg
    return psycopg.connect(TEST_DATABASE_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url
    url = make_url(TEST_DATABASE_URL).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)
