"""Home, language switch, health and readiness, inbox, and the rule that a path's id is within
the database's range."""
import sqlalchemy as sa
from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..models import Notification, utcnow
from ..ui.redirects import safe_next
from . import bp


@bp.get("/")
def home():
    if current_user.is_authenticated:
        if current_user.is_consultant:
            return redirect(url_for("consultant.requests"))
        if current_user.is_admin:
            return redirect(url_for("admin.overview"))
        return redirect(url_for("provider.requests"))
    return render_template("web/home.html")


@bp.post("/taal")
def choose_language():
    """The language switch: remembered in a cookie for a year, back to the page it was on."""
    from ..i18n import COOKIE, LANGUAGES
    chosen = request.form.get("taal")
    response = redirect(safe_next(request.form.get("next")) or url_for("web.home"))
    if chosen in LANGUAGES:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    return response


@bp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/healthz")
def healthz():
    """Liveness: 200 while the process and its database and message queue answer; 503 naming
    the dependency that is down. Whether it can serve everything yet: /readyz."""
    from ..privacy import detection
    from ..realtime.live import queue_status
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.commit()
        database = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        database = "down"
    message_queue = queue_status()
    healthy = database == "ok" and message_queue != "down"
    # Informational: while deduce loads, publishing waits or is refused, but bidding goes on.
    body = {"status": "ok" if healthy else "unavailable", "database": database,
            "message_queue": message_queue, "personal_data_scan": detection.status()}
    return jsonify(body), 200 if healthy else 503


@bp.get("/readyz")
def readyz():
    """Readiness: 200 only when this process can serve everything, a publish included; else 503
    naming what is not ready, so a load balancer sends it nobody yet."""
    failing = not_ready()
    if failing:
        return jsonify({"status": "not_ready", "failing": failing}), 503
    return jsonify({"status": "ready"}), 200


def not_ready() -> list[str]:
    """The names of what is not ready: the database, the message queue (when configured), the
    personal-data scanner (started when gunicorn forks the worker; a probe only looks), and the
    mail sender's store (the outbox, and the .eml folder or a usable MAIL_URL)."""
    from ..mail import sender
    from ..privacy import detection
    from ..realtime.live import queue_status
    failing = []
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        failing.append("database")
    if queue_status() == "down":
        failing.append("message_queue")
    if not detection.loaded():
        failing.append("personal_data_scan")
    if not sender.store_ready(db.session, sender.Settings.from_config(current_app.config)):
        failing.append("mail")
    return failing


@bp.get("/inbox")
@login_required
def inbox():
    notes = db.session.scalars(sa.select(Notification).where(Notification.user_id == current_user.id)
                               .order_by(Notification.created_at.desc()).limit(100)).all()
    page = render_template("web/inbox.html", notes=notes)
    for note in notes:
        if note.read_at is None:
            note.read_at = utcnow()
    db.session.commit()
    return page


@bp.app_url_value_preprocessor
def ids_within_the_database(_endpoint, values):
    """Every whole number in a path (<int:...>) is a record's id: one past the database's
    integer range is no record (404), not a query the database refuses (a 500 or 503)."""
    from ..auction.inputs import MAX_ID
    for value in (values or {}).values():
        if isinstance(value, int) and value > MAX_ID:
            abort(404)
