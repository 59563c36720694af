"""Window jobs: open at opens_at, warn before, close at closes_at; and the start-up sweep.

Plus three daily jobs, the erasure of client data past its retention period (retention.py),
the reminders of reviews that are due (followup.reminders) and the expiry of providers'
evidence (providers/evidence.py), and the mail sender every few seconds (marketplace.mail.sender).

Jobs live in a SQLAlchemy job store with explicit ids (open:<id>, soon:<id>, close:<id>) and
replace_existing, so re-arming is idempotent. The jobs are only a clock: each one calls into
auction.lifecycle, which checks the request row under its lock and does nothing twice. A
periodic sync re-arms from the requests table, so a window published by another process
(the CLI, or a web process in scale-out mode) is never missed."""
import logging
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy.exc import SQLAlchemyError

from .auction import lifecycle, transactions
from .auction.actors import SCHEDULER
from .auction.changes import WindowScheduled, WindowUnscheduled
from .clients import retention
from .extensions import db
from .followup import reminders

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_state: dict = {"scheduler": None, "app": None}


def _app_context():
    return _state["app"].app_context()


def _arm(job_id: str, func, run_at: datetime, request_id: int) -> None:
    scheduler = _state["scheduler"]
    if scheduler is None:
        return
    scheduler.add_job(func, "date", run_date=run_at, args=[request_id], id=job_id,
                      replace_existing=True, misfire_grace_time=None, coalesce=True,
                      jobstore="default")


def arm_window(window: WindowScheduled) -> None:
    now = datetime.now(timezone.utc)
    if window.status == "scheduled":
        _arm(f"open:{window.request_id}", "marketplace.scheduler:run_open", window.opens_at, window.request_id)
    lead = timedelta(seconds=_state["app"].config["CLOSING_SOON_SECONDS"])
    if window.closes_at - lead > now:
        _arm(f"soon:{window.request_id}", "marketplace.scheduler:run_closing_soon",
             window.closes_at - lead, window.request_id)
    _arm(f"close:{window.request_id}", "marketplace.scheduler:run_close", window.closes_at, window.request_id)


def disarm_window(request_id: int) -> None:
    scheduler = _state["scheduler"]
    if scheduler is None:
        return
    for kind in ("open", "soon", "close"):
        try:
            scheduler.remove_job(f"{kind}:{request_id}")
        except Exception:  # JobLookupError: nothing to remove
            pass


def on_change(change) -> None:
    """Called after commit: follow the request's window."""
    if _state["scheduler"] is None:
        return
    if isinstance(change, WindowScheduled):
        arm_window(change)
    elif isinstance(change, WindowUnscheduled):
        disarm_window(change.request_id)


def _run(step, request_id: int, *args) -> None:
    with _app_context():
        try:
            outcome = step(db.session, request_id, *args)
        except Exception:
            log.exception("%s failed for request %s; the sync retries", step.__name__, request_id)
            db.session.rollback()
            return
        if outcome.result == "not_yet":
            # Soft close moved closes_at, or the clock ran early: come back then.
            job = {lifecycle.open_window: ("open", "run_open"), lifecycle.close_window: ("close", "run_close"),
                   lifecycle.warn_closing_soon: ("soon", "run_closing_soon")}[step]
            _arm(f"{job[0]}:{request_id}", f"marketplace.scheduler:{job[1]}", outcome.retry_at, request_id)


def run_open(request_id: int) -> None:
    _run(lifecycle.open_window, request_id)


def run_close(request_id: int) -> None:
    _run(lifecycle.close_window, request_id)


def run_closing_soon(request_id: int) -> None:
    _run(lifecycle.warn_closing_soon, request_id, _state["app"].config["CLOSING_SOON_SECONDS"])


def _same(run_time: datetime | None, wanted: datetime) -> bool:
    """The job store keeps times as float timestamps: equal within a millisecond is equal."""
    return run_time is not None and abs((run_time - wanted).total_seconds()) < 0.001


def sync() -> None:
    """Open/close whatever is overdue and make sure every live window has its jobs."""
    with _app_context():
        try:
            for request_id, what in lifecycle.overdue_sweep(db.session):
                log.info("sweep: request %s %s", request_id, what)
            armed = {job.id: job.next_run_time for job in _state["scheduler"].get_jobs(jobstore="default")}
            for window in lifecycle.live_windows(db.session):
                open_ok = window.status != "scheduled" or _same(armed.get(f"open:{window.request_id}"), window.opens_at)
                if not (open_ok and _same(armed.get(f"close:{window.request_id}"), window.closes_at)):
                    arm_window(window)
        except SQLAlchemyError as error:
            # One line, not a traceback a second, while the database is away.
            log.warning("scheduler sync: database unreachable (%s); retrying", type(error).__name__)
            db.session.rollback()
        except Exception:
            log.exception("scheduler sync failed; the next sync retries")
            db.session.rollback()


def _daily(name: str, step):
    """Run one daily job's step in the app's context. A database away costs one warning line and
    a failure one traceback; either way tomorrow's run (the job is idempotent) tries again.
    Returns the step's result, or None when it failed."""
    with _app_context():
        try:
            return step()
        except SQLAlchemyError as error:
            log.warning("%s: database unreachable (%s); tomorrow's run retries", name, type(error).__name__)
        except Exception:
            log.exception("%s run failed; tomorrow's run retries", name)
        db.session.rollback()
        return None


def run_retention() -> None:
    """Erase the client data whose retention period has passed; running it twice erases nothing
    twice. Logs request ids and counts only, never a value."""
    erased = _daily("retention", lambda: retention.erase_expired(db.session, SCHEDULER))
    if erased:
        log.info("retention: erased the client data of %d request(s): %s", len(erased), erased)


def run_review_reminders() -> None:
    """Remind consultants of reviews that are due (followup.reminders); once per due date, so a
    second run on a day, or the run at start-up, reminds nobody twice."""
    reminded = _daily("review reminders", lambda: reminders.remind_due_reviews(
        db.session, transactions.server_now(db.session).astimezone(AMSTERDAM).date()))
    if reminded:
        log.info("review reminders: %d request(s): %s", len(reminded), reminded)


class _QuietMailRuns(logging.Filter):
    """The mail job runs every few seconds: APScheduler's routine lines about each of its runs
    would drown the log (the job logs what it sent and what failed itself)."""

    def filter(self, record: logging.LogRecord) -> bool:
        job = record.args[0] if isinstance(record.args, tuple) and record.args else None
        return record.levelno > logging.INFO or getattr(job, "id", None) != "mail"


_quiet_mail_runs = _QuietMailRuns()


def run_evidence_expiry() -> None:
    """Warn providers about evidence expiring within 30 days, and tell them and the consultants
    about evidence that has expired; each notice once, however often it runs."""
    from .providers import evidence
    run = _daily("evidence expiry", lambda: evidence.check_expiry(db.session))
    if run and (run.warned or run.expired):
        log.info("evidence expiry: %d warned, %d expired", len(run.warned), len(run.expired))


def run_mail() -> None:
    """Deliver what the outbox holds (marketplace.mail.sender). Here, never in a web request: a
    mail server that is slow or away costs this job its time, not a bid or a page."""
    from .mail import sender
    with _app_context():
        try:
            sender.send_due(db.session, sender.Settings.from_config(_state["app"].config))
        except sender.MailConfigError as error:
            log.error("mail: nothing is sent: %s", error)  # /readyz names "mail" too
            db.session.rollback()
        except SQLAlchemyError as error:
            log.warning("mail: database unreachable (%s); the next run retries", type(error).__name__)
            db.session.rollback()
        except Exception:
            log.exception("mail run failed; the next run retries")
            db.session.rollback()


def _daily_at(value: str) -> tuple[int, int]:
    hour, _, minute = (value or "03:30").partition(":")
    return int(hour), int(minute or 0)


def start(app) -> None:
    """Start the scheduler in this process (embedded web process, or `flask scheduler`)."""
    if _state["scheduler"] is not None:
        return
    _state["app"] = app
    if app.config["SOCKETIO_ASYNC_MODE"] == "gevent":  # inside a gevent web worker
        from apscheduler.schedulers.gevent import GeventScheduler as Scheduler
    else:
        from apscheduler.schedulers.background import BackgroundScheduler as Scheduler
    scheduler = Scheduler(timezone=timezone.utc, job_defaults={"max_instances": 1})
    scheduler.add_jobstore(SQLAlchemyJobStore(url=app.config["SQLALCHEMY_DATABASE_URI"],
                                              tablename="apscheduler_jobs"), "default")
    scheduler.add_jobstore(MemoryJobStore(), "memory")
    _state["scheduler"] = scheduler
    scheduler.start()
    sync()  # the start-up sweep: a restart mid-window loses nothing
    scheduler.add_job(sync, "interval", seconds=app.config["SCHEDULER_SYNC_SECONDS"], id="sync", jobstore="memory",
                      replace_existing=True, coalesce=True, max_instances=1)
    logging.getLogger("apscheduler.executors.default").addFilter(_quiet_mail_runs)
    scheduler.add_job(run_mail, "interval", seconds=app.config.get("MAIL_SEND_SECONDS", 5), id="mail",
                      jobstore="memory", replace_existing=True, coalesce=True, max_instances=1)
    hour, minute = _daily_at(app.config.get("CLIENT_DATA_RETENTION_AT", "03:30"))
    scheduler.add_job(run_retention, "cron", hour=hour, minute=minute, timezone=AMSTERDAM, id="retention",
                      jobstore="memory", replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=3600)
    # A process that was down at that hour still erases today: once, a minute after start-up.
    scheduler.add_job(run_retention, "date", run_date=datetime.now(timezone.utc) + timedelta(minutes=1),
                      id="retention-at-start", jobstore="memory", replace_existing=True)
    # Evidence expiry with the same daily rhythm (and once after start-up); each notice goes once.
    scheduler.add_job(run_evidence_expiry, "cron", hour=hour, minute=minute, timezone=AMSTERDAM,
                      id="evidence-expiry", jobstore="memory", replace_existing=True, coalesce=True,
                      max_instances=1, misfire_grace_time=3600)
    scheduler.add_job(run_evidence_expiry, "date", run_date=datetime.now(timezone.utc) + timedelta(minutes=2),
                      id="evidence-expiry-at-start", jobstore="memory", replace_existing=True)
    hour, minute = _daily_at(app.config.get("REVIEW_REMINDERS_AT", "07:00"))
    scheduler.add_job(run_review_reminders, "cron", hour=hour, minute=minute, timezone=AMSTERDAM,
                      id="review-reminders", jobstore="memory", replace_existing=True, coalesce=True,
                      max_instances=1, misfire_grace_time=3600)
    scheduler.add_job(run_review_reminders, "date", run_date=datetime.now(timezone.utc) + timedelta(minutes=2),
                      id="review-reminders-at-start", jobstore="memory", replace_existing=True)
    log.info("scheduler started (%s)", Scheduler.__name__)


def shutdown() -> None:
    scheduler = _state["scheduler"]
    if scheduler is not None:
        scheduler.shutdown(wait=False)
    _state["scheduler"] = None


def init_app(app) -> None:
    _state["app"] = _state["app"] or app
    transactions.subscribe(on_change)
