"""The gemeente's e-mail that could not be delivered (/beheer/mail), each with its error, so the
beheerder can see whom a message did not reach and why."""
from flask import render_template

from ..extensions import db
from ..mail.outbox import failed_messages
from . import bp
from .guard import admin_required, current_actor


@bp.get("/mail")
@admin_required
def failed_mail():
    return render_template("admin/mail.html", messages=failed_messages(db.session, current_actor().gemeente_id))
