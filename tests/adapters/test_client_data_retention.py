"""The client's identity forgotten on time: erased after the gemeente's retention period, counted
from the end of support in Amsterdam's dates, the auction itself kept and every page saying so;
the daily job and the command, a row that cannot be computed skipped and logged, and the
retention period set per gemeente."""
import json
import logging
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from marketplace import scheduler
from marketplace.auction.actors import SYSTEM
from marketplace.clients import retention
from marketplace.extensions import db
from marketplace.models import AuditEvent, Bid, ClientCode, ClientRecord, Gemeente, Request
from tests.support.client_records import SECRETS
from tests.support.steps import html, logged_in

# --- forget on time ----------------------------------------------------------------------------

def make_ended(new_request, start: str, weeks: int, **kw):
    return new_request(start_date=start, duration_weeks=weeks, **kw)


def back_in(clock, year: int) -> None:
    """Requests are made when they were made: a start date lies within five years of then."""
    clock.now = datetime(year, 6, 1, 10, 0, tzinfo=timezone.utc)


def erase(app, today: date):
    with app.app_context():
        return retention.erase_expired(db.session, SYSTEM, today)


def test_retention_erases_exactly_what_has_expired(app, api, clock, new_request):
    # Support 6 January - 6 July 2020 (26 weeks): kept through 6 July 2022, erased from the 7th.
    back_in(clock, 2021)
    ended = make_ended(new_request, "2020-01-06", 26)
    ongoing = make_ended(new_request, "2022-01-03", 52)
    dronten = make_ended(new_request, "2020-01-06", 26, as_="consulent_dronten",
                         category="begeleiding_individueel")
    cancelled = new_request(start_date="2023-01-02")
    # Noon in Amsterdam: retention counts Amsterdam's dates, and the real time of day the clock
    # kept made this the 16th there when the suite ran after 22:00 UTC.
    clock.now = clock.now.replace(year=2020, month=6, day=15, hour=10, minute=0, second=0)
    assert api.post(f"/api/v1/requests/{cancelled}/cancel", {"reason": "Verhuisd"}, as_="consulent").status_code == 200
    with app.app_context():
        db.session.scalar(sa.select(Gemeente).where(Gemeente.name == "Dronten")).client_data_retention_months = 36
        db.session.commit()
        assert db.session.get(Request, cancelled).cancelled_at.date() == date(2020, 6, 15)

    assert erase(app, date(2022, 6, 15)) == []  # the cancelled one: kept through 15 June 2022
    assert erase(app, date(2022, 6, 16)) == [cancelled]
    assert erase(app, date(2022, 7, 6)) == []
    assert erase(app, date(2022, 7, 7)) == [ended]
    assert erase(app, date(2022, 7, 7)) == []  # idempotent
    assert erase(app, date(2023, 7, 6)) == []  # Dronten: 36 months
    assert erase(app, date(2023, 7, 7)) == [dronten]
    with app.app_context():
        erased = {r.request_id: r for r in db.session.scalars(sa.select(ClientRecord))}
        assert erased[ongoing].sealed is not None and erased[ongoing].erased_at is None
        assert erased[ended].sealed is None and erased[ended].erased_reason == "retention"
        # the anonymised request itself stays
        assert db.session.get(Request, ended).description == "Hulp bij administratie en dagstructuur."


def test_erasure_keeps_the_auction_and_says_so_on_every_page(app, api, clock, awarded_request):
    back_in(clock, 2022)  # both the wish (2020) and the offered start (2027) within five years
    request_id = awarded_request(start_date="2020-01-06", duration_weeks=26)
    with app.app_context():
        db.session.add(ClientCode(request_id=request_id, code_hash="x" * 64, expires_at=clock.now))
        db.session.commit()
        events_before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    # The winner offered to start on 1 February 2027, later than the wish: support runs to
    # 2 August 2027, the data is kept through 2 August 2029.
    assert erase(app, date(2022, 7, 7)) == []
    assert erase(app, date(2029, 8, 2)) == []
    assert erase(app, date(2029, 8, 3)) == [request_id]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClientCode)
                                 .where(ClientCode.request_id == request_id)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events_before + 1
        assert db.session.get(Request, request_id).status == "awarded"
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]
    assert [o["provider"]["name"] for o in offers] == ["Zorg Twee", "Zorg Een"]

    consultant = logged_in(app)
    page = html(consultant.get(f"/consulent/aanvragen/{request_id}"))
    assert "Gegevens gewist op" in page and "(bewaartermijn)" in page and "Truus" not in page
    assert "Cliëntgegevens gewist" in page  # in the request's audit trail
    winner = api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder2").get_json()
    assert winner["client"]["name"] is None and winner["client"]["erased_at"]
    assert "Gegevens gewist op" in html(logged_in(app, "aanbieder2").get(f"/aanbieder/aanvragen/{request_id}"))
    doc = consultant.get(f"/consulent/aanvragen/{request_id}/inzage.json").get_json()
    assert doc["client"] is None and doc["erasure"]["erased_at"] and doc["erasure"]["reason"] == "retention"
    assert doc["requests"][0]["awarded_offer"]["provider"]["name"] == "Zorg Twee"
    assert "Gegevens gewist op" in html(consultant.get(f"/consulent/aanvragen/{request_id}/inzage"))
    log_page = html(consultant.get(f"/consulent/aanvragen/{request_id}/clientgegevens/logboek"))
    assert "Bewaartermijn verstreken" in log_page


def test_the_erasure_event_holds_no_erased_value(app, clock, new_request, caplog):
    back_in(clock, 2021)
    request_id = make_ended(new_request, "2020-01-06", 26)
    caplog.set_level(logging.DEBUG)
    assert erase(app, date(2030, 1, 1)) == [request_id]
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.request_id == request_id, AuditEvent.action == "client_data_erased")).one()
        every_event = json.dumps([e.details for e in db.session.scalars(sa.select(AuditEvent))])
    assert event.details["reason"] == "retention" and event.details["retention_months"] == 24
    assert event.details["period_ended_on"] == "2020-07-06"
    for secret in SECRETS:
        assert secret not in json.dumps(event.details) and secret not in every_event and secret not in caplog.text


def test_the_daily_job_and_the_command_erase_by_the_servers_clock(app, runner, clock, new_request, monkeypatch):
    back_in(clock, 2021)
    first = make_ended(new_request, "2020-01-06", 26)
    second = make_ended(new_request, "2020-02-03", 26)
    clock.now = clock.now.replace(year=2022, month=7, day=20)
    monkeypatch.setitem(scheduler._state, "app", app)
    scheduler.run_retention()
    with app.app_context():
        assert db.session.scalar(sa.select(ClientRecord.erased_at).where(ClientRecord.request_id == first))
    result = runner.invoke(args=["client-data", "erase-expired", "--today", "2022-08-04"])
    assert result.exit_code == 0 and f"1 request(s): [{second}]" in result.output
    assert first != second
    bad = runner.invoke(args=["client-data", "erase-expired", "--today", "morgen"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def watch_retention_log(caplog) -> None:
    # The migrations' logging.config.fileConfig disables the loggers that existed before it.
    caplog.set_level(logging.ERROR, logger="marketplace.clients.retention")
    logging.getLogger("marketplace.clients.retention").disabled = False


def test_the_daily_erasure_skips_a_row_it_cannot_compute_and_erases_the_rest(app, clock, new_request,
                                                                             awarded_request, caplog):
    # An offer accepted before start dates were bounded: starting 31 December 9999, the end of
    # support lies past the calendar. It used to stop the erasure for every gemeente, every day.
    back_in(clock, 2022)
    broken = awarded_request(start_date="2020-01-06", duration_weeks=26)
    first = make_ended(new_request, "2020-01-06", 26)
    second = make_ended(new_request, "2020-02-03", 26)
    with app.app_context():
        winner = db.session.get(Request, broken).awarded_bid_id
        db.session.execute(sa.update(Bid).where(Bid.id == winner).values(start_date=date(9999, 12, 31)))
        db.session.commit()
    watch_retention_log(caplog)
    assert erase(app, date(2030, 1, 1)) == [first, second]
    assert f"request {broken}" in caplog.text and "skipped" in caplog.text
    with app.app_context():
        kept = db.session.scalar(sa.select(ClientRecord).where(ClientRecord.request_id == broken))
        assert kept.sealed is not None and kept.erased_at is None  # never guessed: kept, and logged


def test_the_daily_erasure_goes_on_when_one_erasure_fails(app, clock, new_request, monkeypatch, caplog):
    back_in(clock, 2021)
    first = make_ended(new_request, "2020-01-06", 26)
    second = make_ended(new_request, "2020-02-03", 26)
    real_erase = retention.erase

    def erase_or_fail(session, actor, request_id, reason="retention"):
        if request_id == first:
            raise ValueError("a row this code cannot process")
        return real_erase(session, actor, request_id, reason)

    monkeypatch.setattr(retention, "erase", erase_or_fail)
    watch_retention_log(caplog)
    assert erase(app, date(2030, 1, 1)) == [second]
    assert f"request {first} could not be erased; skipped" in caplog.text


def test_retention_per_gemeente_is_set_from_the_command_line(app):
    runner = app.test_cli_runner()
    assert "Lelystad keeps client data 24 months" in runner.invoke(args=["client-data", "retention", "Lelystad"]).output
    changed = runner.invoke(args=["client-data", "retention", "DRO", "36"])
    assert changed.exit_code == 0 and "Dronten keeps client data 36 months" in changed.output
    assert runner.invoke(args=["client-data", "retention", "Dronten", "0"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(sa.select(Gemeente.client_data_retention_months)
                                 .where(Gemeente.code == "DRO")) == 36


def test_add_months_keeps_to_the_calendar():
    assert retention.add_months(date(2020, 8, 31), 6) == date(2021, 2, 28)
    assert retention.add_months(date(2022, 2, 29 - 1), 24) == date(2024, 2, 28)
    assert retention.add_months(date(2020, 1, 15), 24) == date(2022, 1, 15)
    assert retention.add_months(date(2020, 12, 1), 1) == date(2021, 1, 1)
    assert date(2020, 7, 6) == date(2020, 1, 6) + timedelta(weeks=26)
