"""Every route × every role: what each kind of caller gets from every page, API call and socket
event, in each state a request can be in. The tables (tests/support/route_matrix_table.py, which
also says how to read a cell, and route_matrix_table_followup.py) are the rule; the app's url_map
and the socket handlers are checked against them, so a route added without rows fails
(test_every_route_has_rows), and so does a row for a route that is gone.

The state column names the request a route with <int:request_id> is asked about; for a route
without one it is "-" (or, for the client's pages, which request the client's token opens).
Every probe sends a body the allowed caller's call would succeed with where it can (a bid below
the others, a cancel with a reason), so a status other than 404 shows the caller got past the
gate. The database is put back after every probe that may change something.

Besides its status, every answer is checked for what its role must never see (another
provider's name; the client's data for anyone but the gemeente's consultants, the client and,
after award, the winner; the BSN for anyone but the consultants; none of it for a beheerder)
and for the security headers every answer carries (issue 17, points 1 and 10). The matrix is
about access, not storage: it runs on SQLite only.
"""
import pytest

from marketplace.auction import transactions
from marketplace.extensions import socketio
from marketplace.privacy import detection
from tests.support.clock import Clock
from tests.support.route_matrix_probes import NS, describe, http_probe, socket_probe
from tests.support.route_matrix_table import COLUMNS, MATRIX, SOCKET_MATRIX
from tests.support.route_matrix_table_followup import FOLLOWUP_MATRIX
from tests.support.route_matrix_world import AWARDED, CLIENT_ROLES, STATES, make_world

SOCKET_EVENTS_NOT_CALLED = {"disconnect"}  # not something a caller asks for
REQUEST_EVENTS = {("SOCKET", "join"), ("SOCKET", "bid")}  # about one request: a row per state


def parse_matrix(text: str) -> dict[tuple[str, str, str], dict[str, str]]:
    rows, header = {}, None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        if header is None:
            header = words
            assert header[:3] == ["method", "route", "state"] and header[3:] == list(COLUMNS), header
            continue
        assert len(words) == len(header), f"matrix line {number}: {len(words)} columns, expected {len(header)}"
        method, route, state, *cells = words
        assert state == "-" or state in STATES, f"matrix line {number}: unknown state {state}"
        key = (method, route, state)
        assert key not in rows, f"matrix line {number}: {key} twice"
        rows[key] = {COLUMNS[column]: cell for column, cell in zip(header[3:], cells)}
    return rows


def all_rows() -> dict[tuple[str, str, str], dict[str, str]]:
    rows = {}
    for table in (MATRIX, FOLLOWUP_MATRIX, SOCKET_MATRIX):
        parsed = parse_matrix(table)
        assert not parsed.keys() & rows.keys(), f"rows in two tables: {sorted(parsed.keys() & rows.keys())}"
        rows |= parsed
    return rows


ROWS = all_rows()
CELLS = [pytest.param(method, route, state, role, expected, id=f"{method} {route} [{state}] {role}")
         for (method, route, state), cells in ROWS.items()
         for role, expected in cells.items() if expected != "-"]


@pytest.fixture(scope="module")
def matrix_world(template_db, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        clock = Clock()
        patch.setattr(transactions, "clock", clock)
        # Who may publish is the question here, not what the text holds: the exact patterns
        # only, so the matrix never waits for the name model to load.
        patch.setattr(detection, "scanner", lambda app=None: detection.patterns_only)
        # Ready as a worker whose detector has loaded: /readyz is public either way, and a 503
        # here would only say that the matrix never loads it.
        patch.setattr(detection, "loaded", lambda: True)
        built = make_world(template_db, tmp_path_factory.mktemp("route_matrix"), clock)
        yield built
        built.release()


# --- the table against the app ------------------------------------------------------------

def app_routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def socket_events() -> set[tuple[str, str]]:
    return {("SOCKET", event) for event, _handler, namespace in socketio.handlers
            if namespace == NS and event not in SOCKET_EVENTS_NOT_CALLED}


def test_every_route_has_rows(matrix_world):
    """A route or socket event without rows, or a request route missing a state, fails here:
    whoever adds a route decides, in the table, what every role gets from it."""
    known = app_routes(matrix_world.app) | socket_events()
    in_table = {(method, route) for method, route, _state in ROWS}
    assert sorted(known - in_table) == [], "routes without a row in the tables (tests/support/route_matrix_table*.py)"
    assert sorted(in_table - known) == [], "rows in the tables for routes that no longer exist"
    for method, route in sorted(known):
        states = {state for m, r, state in ROWS if (m, r) == (method, route)}
        if "<int:request_id>" in route or (method, route) in REQUEST_EVENTS:
            assert states == set(STATES), f"{method} {route}: rows for {sorted(states)}, need {STATES}"


# --- the matrix ---------------------------------------------------------------------------

@pytest.mark.parametrize("method, route, state, role, expected", CELLS)
def test_route_role(matrix_world, method, route, state, role, expected):
    # A refusal changes nothing (the domain rolls back), so only an accepted call that may
    # have written is undone: the next probe sees the same world whatever ran before it.
    accepted = False
    try:
        if method == "SOCKET":
            got, text = socket_probe(matrix_world, route, state, role)
            accepted = got == "ok" and route not in ("connect", "join")
        else:
            resp = http_probe(matrix_world, method, route, state, role)
            accepted = method != "GET" and resp.status_code < 400
            got, text = describe(resp), resp.get_data(as_text=True)
            if expected.isdigit() and resp.status_code == int(expected) and got != "login":
                got = expected
    finally:
        if accepted:
            matrix_world.restore()
    assert got == expected, f"{method} {route} [{state}] as {role}: expected {expected}, got {got}"
    leaked = [secret for secret in secrets_for(role, state) if secret in text]
    assert leaked == [], f"{method} {route} [{state}] as {role}: the answer shows {leaked}"
    if method != "SOCKET":
        missing = header_problems(resp, text)
        assert missing == [], f"{method} {route} [{state}] as {role}: {missing}"


def header_problems(resp, text: str) -> list[str]:
    """Issue 17, point 10: the security headers on every answer, and no-store wherever the
    client's data is shown."""
    problems = []
    if resp.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not resp.headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    policy = {name: value for name, _, value in (part.strip().partition(" ")
              for part in resp.headers.get("Content-Security-Policy", "").split(";")) if name}
    if "'none'" not in policy.get("frame-ancestors", ""):
        problems.append("no CSP frame-ancestors 'none'")
    scripts = policy.get("script-src", policy.get("default-src"))
    if scripts is None or "'unsafe-inline'" in scripts:
        problems.append(f"CSP scripts not limited: {scripts!r}")
    if any(secret in text for secret in CLIENT_CONTACT | {BSN}) and \
            "no-store" not in resp.headers.get("Cache-Control", ""):
        problems.append("client data without Cache-Control: no-store")
    return problems


# What a role must never be shown, whatever the status: no provider sees another provider's
# name, and the client's data reaches only the gemeente's consultants and, after award, the winner
# (never the BSN); a beheerder is not a consultant and sees none of it.
ORG_NAMES = {"eligible": "Zorg Drie", "inel_category": "Zorg Zes", "inel_gemeente": "Zorg Zeven",
             "unapproved": "Zorg Vijf", "winner": "Zorg Een", "loser": "Zorg Twee", "suspended": "Zorg Vier"}
ALL_ORG_NAMES = set(ORG_NAMES.values())
CLIENT_CONTACT = {"Truus", "Teststraat", "06-11112222"}
BSN = "111222333"


def secrets_for(role: str, state: str) -> set[str]:
    if role in ORG_NAMES:
        own_contact = role == "winner" and state in AWARDED
        return (ALL_ORG_NAMES - {ORG_NAMES[role]}) | (set() if own_contact else CLIENT_CONTACT) | {BSN}
    if role in ("anonymous", "consultant_other", "admin", "admin2"):
        return CLIENT_CONTACT | {BSN} | (ALL_ORG_NAMES if role == "anonymous" else set())
    if role in CLIENT_ROLES:
        return {BSN}
    return set()

