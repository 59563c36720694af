"""Steps the tests take over and over, in one version each: logging in on the pages, closing a
window once its time has passed, reading a caller's standings, counting the SQL a call sends."""
from contextlib import contextmanager

import sqlalchemy as sa

from marketplace.auction import lifecycle
from marketplace.extensions import db

from . import world

# Past any window the factories open: 30 minutes, plus up to 30 of soft-close extensions.
PAST_THE_WINDOW = 3600


def login(browser, who: str = "consulent") -> None:
    """Log a test browser (app.test_client()) in through the login form as one of the world's users."""
    resp = browser.post("/inloggen", data={"email": world.email(who), "password": world.PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)


def logged_in(app, who: str = "consulent", language: str | None = None):
    """A new test browser (a cookie jar of its own), logged in as `who`, reading `language`."""
    browser = app.test_client()
    if language:
        browser.set_cookie("taal", language)
    login(browser, who)
    return browser


def close(app, clock, request_id: int, after_seconds: float = PAST_THE_WINDOW) -> lifecycle.Outcome:
    """Move the clock `after_seconds` on and run the window's close, as the scheduler would;
    returns what the close did ('done', 'not_yet' or 'nothing')."""
    clock.advance(after_seconds)
    with app.app_context():
        return lifecycle.close_window(db.session, request_id)


def standings(api, request_id: int, who: str) -> dict:
    """The standings `who` reads over the API."""
    return api.get(f"/api/v1/requests/{request_id}", as_=who).get_json()["standings"]


def html(resp) -> str:
    return resp.get_data(as_text=True)


@contextmanager
def statements_run(app):
    """The SQL statements sent to the database inside the block, in order."""
    executed = []

    def count(_conn, _cursor, statement, *_args):
        executed.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield executed
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
