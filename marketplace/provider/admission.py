"""The provider's admission page: approvals per gemeente and category, declarations, and the
application for admission to a gemeente (marketplace.providers.onboarding decides)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..auction.actors import actor_for_user
from ..auction.errors import DomainError
from ..extensions import db
from ..i18n import translate
from ..providers import onboarding
from . import bp
from .forms import ApplyForm
from .queries import admission_overview

APPROVAL_LABELS = {"pending": _l("In behandeling"), "approved": _l("Toegelaten"), "suspended": _l("Geschorst")}


def _forms_for(overview, submitted: ApplyForm | None = None, submitted_for: int | None = None) -> dict:
    forms = {}
    for item in overview:
        if not item.may_apply:
            continue
        if submitted is not None and item.gemeente.id == submitted_for:
            form = submitted
        else:
            form = ApplyForm(formdata=None, prefix=f"g{item.gemeente.id}")
        form.set_requirements(item.requirements)
        forms[item.gemeente.id] = form
    return forms


def _page(submitted: ApplyForm | None = None, submitted_for: int | None = None, status: int = 200):
    overview = admission_overview(db.session, current_user.organisation_id)
    return render_template("provider/status.html", overview=overview, labels=APPROVAL_LABELS,
                           forms=_forms_for(overview, submitted, submitted_for)), status


@bp.get("/status")
def status():
    return _page()


@bp.post("/status/aanmelden/<int:gemeente_id>")
def apply(gemeente_id: int):
    form = ApplyForm(prefix=f"g{gemeente_id}")
    if not form.validate():
        return _page(form, gemeente_id, status=422)
    try:
        created = onboarding.apply_to_gemeente(db.session, actor_for_user(current_user), gemeente_id,
                                               form.requirements.data or [])
    except DomainError as error:
        db.session.rollback()
        if error.code == "not_found":
            abort(404)
        fields = error.extra.get("fields") or {}
        form.requirements.errors = [translate(fields.get("requirements", error.message))]
        return _page(form, gemeente_id, status=error.status)
    if created:
        flash(_("Uw aanmelding is verstuurd. De gemeente beoordeelt of u aan de minimumeisen voldoet; "
                "u krijgt daarover bericht."), "success")
    else:
        flash(_("Uw verklaringen zijn opgeslagen. Er is geen nieuwe aanmelding gemaakt: u was al aangemeld, "
                "of deze gemeente koopt de soorten ondersteuning die u aanbiedt niet in."), "info")
    return redirect(url_for(".status"))
