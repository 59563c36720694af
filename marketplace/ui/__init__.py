"""What the page blueprints share: formatting (amounts, moments, days, time left), wording
(statuses, labels), error rendering (onto a form, as a page), the socket token a page hands
its script, and where a page may send the browser next. `init_app` registers every template
filter and global, once, for all pages.

May import the domain packages, models, extensions and i18n; never a blueprint (web, auth,
consultant, provider, client, api), so every blueprint may import it."""
import sqlalchemy as sa
from flask_login import current_user
from jinja2 import pass_context

from .. import i18n
from ..extensions import db
from ..models import Notification
from . import errors, formatting, wording


@pass_context  # so Jinja never folds `"open"|status_label` into the compiled template: it is per reader
def _status_label_filter(_context, status: str) -> str:
    return wording.status_label(status)


def _unread_count() -> dict:
    if current_user.is_authenticated:
        unread = db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None)))
        return {"unread_count": unread}
    return {"unread_count": 0}


def init_app(app, api_error) -> None:
    """Filters, globals and error pages for every page; `api_error` renders an error on an API
    address as the API's JSON (see errors.init_app)."""
    app.jinja_env.filters.update(eur=formatting.eur, local=formatting.local, local_input=formatting.local_input,
                                 status_label=_status_label_filter)
    app.jinja_env.globals.update(
        current_language=i18n.language, LANGUAGES=i18n.LANGUAGES, translate=i18n.translate,
        notification_text=i18n.notification_text,
        long_date=formatting.long_date, nl_date=formatting.nl_date, time_left=formatting.time_left,
        seconds_label=formatting.seconds_label,
        visibility_label=wording.visibility_label, approval_label=wording.approval_label,
        audit_action=wording.audit_action, actor_label=wording.actor_label, detail_items=wording.detail_items,
        reason_label=wording.reason_label, role_label=wording.role_label,
        client_fields_label=wording.client_fields_label,
    )
    app.context_processor(_unread_count)
    errors.init_app(app, api_error)
