"""Home, health, inbox, error pages and the template helpers every page uses."""
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from jinja2 import pass_context
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..auction.errors import DomainError
from ..auction.money import format_eur
from ..extensions import db
from ..models import Notification, utcnow
from . import bp
from .redirects import safe_next
from .wording import error_message

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STATUS_LABELS = {  # lazy: each page shows them in its reader's language
    "draft": _l("Concept"), "scheduled": _l("Gepland"), "open": _l("Open voor aanbiedingen"),
    "closed": _l("Gesloten"), "chosen": _l("Keuze gemaakt"), "awarded": _l("Gegund"),
    "no_offers": _l("Geen aanbiedingen"), "cancelled": _l("Geannuleerd"),
}


@bp.app_template_filter("eur")
def eur(cents):
    return format_eur(cents)


@bp.app_template_filter("local")
def local(moment: datetime | None, fmt: str = "%d-%m-%Y %H:%M"):
    if moment is None:
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(AMSTERDAM).strftime(fmt)


@bp.app_template_filter("local_input")
def local_input(moment: datetime | None):
    """For <input type=datetime-local>: Amsterdam wall-clock time without a zone."""
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M") if moment else ""


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_filter("status_label")
@pass_context  # so Jinja never folds `"open"|status_label` into the compiled template: it is per reader
def status_label_filter(_context, status: str) -> str:
    return status_label(status)


@bp.app_context_processor
def inbox_count():
    if current_user.is_authenticated:
        unread = db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None)))
        return {"unread_count": unread}
    return {"unread_count": 0}


@bp.get("/")
def home():
    if current_user.is_authenticated:
        if current_user.is_consultant:
            return redirect(url_for("consultant.requests"))
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
    """200 when the app can serve; 503 naming the dependency that is down."""
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


def _wants_json() -> bool:
    return request.path.startswith("/api/")


@bp.app_url_value_preprocessor
def ids_within_the_database(_endpoint, values):
    """Every whole number in a path (<int:...>) is a record's id: one past the database's
    integer range is no record (404), not a query the database refuses (a 500 or 503)."""
    from ..auction.inputs import MAX_ID
    for value in (values or {}).values():
        if isinstance(value, int) and value > MAX_ID:
            abort(404)


@bp.app_errorhandler(DomainError)
def domain_error_page(error: DomainError):
    db.session.rollback()
    if _wants_json():
        return jsonify({"error": error.to_dict()}), error.status
    return render_template("web/error.html", status=error.status, message=error_message(error)), error.status


@bp.app_errorhandler(HTTPException)
def http_error_page(error: HTTPException):
    if _wants_json():
        from ..api.errors import api_http_error
        return api_http_error(error)
    messages = {404: _("Deze pagina bestaat niet of u heeft er geen toegang toe."),
                400: _("Het formulier is verlopen of onvolledig. Probeer het opnieuw."),
                405: _("Deze pagina kan zo niet worden gebruikt. Ga terug en probeer het opnieuw."),
                413: _("Wat u verstuurde is te groot."),
                429: _("Te veel pogingen. Wacht een minuut en probeer het opnieuw.")}
    # Werkzeug's own descriptions are English; every other case gets a general sentence.
    general = _("Dat lukte niet. Er is niets veranderd; probeer het opnieuw.")
    return render_template("web/error.html", status=error.code,
                           message=messages.get(error.code, general)), error.code


@bp.app_errorhandler(SQLAlchemyError)
def database_error_page(error):
    db.session.rollback()
    log.warning("database error: %s", type(error).__name__)
    if _wants_json():
        return jsonify({"error": {"code": "service_unavailable",
                                  "message": "De database is even niet bereikbaar; er is niets veranderd."}}), 503
    return render_template("web/error.html", status=503,
                           message=_("Zorgbod is even niet bereikbaar. Er is niets veranderd; probeer het zo "
                                     "opnieuw.")), 503
