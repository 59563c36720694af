"""The beheerder's overview (/beheer) and the gemeente's settings (/beheer/instellingen)."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auction.errors import DomainError
from ..extensions import db
from ..gemeente import catalogue, settings
from ..mail.outbox import failed_messages
from ..models import VISIBILITIES, Gemeente
from . import bp
from .editing import Outcome, refused, whole_number
from .guard import admin_required, current_actor


@bp.get("")
@admin_required
def overview():
    actor = current_actor()
    document = catalogue.catalogue_document(db.session, actor.gemeente_id)
    counts = {key: sum(1 for entry in document[key] if entry["active"])
              for key in ("categories", "result_areas", "complexity_levels", "minimum_requirements")}
    counts["tariffs"] = len(document["tariffs"])
    counts["failed_mail"] = len(failed_messages(db.session, actor.gemeente_id))
    gemeente = db.session.scalar(sa.select(Gemeente).where(Gemeente.id == actor.gemeente_id))
    return render_template("admin/overview.html", gemeente=gemeente, counts=counts)


@bp.route("/instellingen", methods=["GET", "POST"])
@admin_required
def settings_page():
    actor = current_actor()
    current = settings.read_settings(db.session, actor, actor.gemeente_id)
    if request.method == "GET":
        return render_template("admin/settings.html", typed={k: str(v) for k, v in current.items()},
                               visibilities=VISIBILITIES, outcome=Outcome())
    typed = {name: request.form.get(name, "") for name in settings.NAMES}
    data = {name: whole_number(value) for name, value in typed.items() if name != "default_visibility"}
    data["default_visibility"] = typed["default_visibility"] or None
    # An emptied field is refused, not silently kept: the page shows every setting.
    for name, value in data.items():
        if value is None:
            data[name] = ""
    try:
        settings.update_settings(db.session, actor, actor.gemeente_id, data)
    except DomainError as error:
        db.session.rollback()
        outcome = refused(error, places={name: name for name in settings.NAMES})
        return render_template("admin/settings.html", typed=typed, visibilities=VISIBILITIES, outcome=outcome), 422
    flash(_("De instellingen zijn opgeslagen."), "success")
    return redirect(url_for("admin.settings_page"))
