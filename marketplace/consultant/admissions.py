"""The organisations that asked this gemeente for admission: their approvals per category,
their declarations of the minimum requirements, their evidence (each file opened here), and the
approve / suspend decision."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..auction.errors import DomainError
from ..extensions import db
from ..i18n import translate
from ..models import Approval
from ..providers import evidence, onboarding
from ..ui.errors import apply_domain_error
from ..ui.evidence_files import STATE_LABELS, evidence_response, serves_a_file
from . import bp
from .forms import DecisionForm
from .guard import consultant_required, current_actor
from .queries import organisations_for


def _render(organisation_id: int | None = None, failed: DecisionForm | None = None,
            failed_id: int | None = None, status: int = 200):
    actor = current_actor()
    organisations = organisations_for(actor.gemeente_id, organisation_id)
    if organisation_id is not None and not organisations:
        abort(404)
    back = "list" if organisation_id is None else "detail"
    forms = {}
    for entry in organisations:
        for approval in entry["approvals"]:
            if approval.id == failed_id and failed is not None:
                forms[approval.id] = failed
            else:
                forms[approval.id] = DecisionForm(formdata=None, prefix=f"approval-{approval.id}",
                                                  back=back)
    template = "consultant/providers.html" if organisation_id is None else "consultant/provider_detail.html"
    return render_template(template, organisations=organisations, forms=forms, back=back,
                           evidence_labels=STATE_LABELS), status


@bp.get("/aanbieders")
@consultant_required
def providers():
    return _render()


@bp.get("/aanbieders/<int:org_id>")
@consultant_required
def provider_detail(org_id: int):
    return _render(org_id)


@bp.post("/aanbieders/toelating/<int:approval_id>")
@consultant_required
def decide_approval(approval_id: int):
    actor = current_actor()
    approval = db.session.get(Approval, approval_id)
    if approval is None or approval.gemeente_id != actor.gemeente_id:
        abort(404)
    org_id = approval.organisation_id
    form = DecisionForm(prefix=f"approval-{approval_id}")
    detail = form.back.data == "detail"
    valid = form.validate_on_submit()
    if form.status.data not in ("approved", "suspended"):
        form.status.errors = list(form.status.errors) + [_("Kies toelaten of schorsen.")]
        valid = False
    if not valid:
        return _render(org_id if detail else None, form, approval_id, 422)
    try:
        decided = onboarding.decide(db.session, actor, approval_id, form.status.data, form.reason.data)
    except DomainError as error:
        db.session.rollback()
        if error.code == "not_found":
            abort(404)
        if error.code == "validation_error":
            for message in apply_domain_error(form, error):
                form.reason.errors.append(message)
            return _render(org_id if detail else None, form, approval_id, 422)
        flash(translate(error.message), "error")
    else:
        names = {"organisation": decided.organisation.name, "category": translate(decided.category.name)}
        flash(_("%(organisation)s is toegelaten voor %(category)s.", **names) if decided.status == "approved"
              else _("%(organisation)s is geschorst voor %(category)s.", **names), "success")
        if decided.status == "approved" and not evidence.evidence_complete(db.session, org_id, actor.gemeente_id):
            flash(_("Let op: een bewijs bij de minimumeisen ontbreekt of is verlopen. De toelating telt pas voor "
                    "nieuwe aanvragen als %(organisation)s het heeft geüpload.", **names), "warning")
    target = (url_for("consultant.provider_detail", org_id=org_id) if detail
              else url_for("consultant.providers") + f"#org-{org_id}")
    return redirect(target)


@bp.get("/aanbieders/bewijs/<int:evidence_id>")
@serves_a_file
@consultant_required
def evidence_file(evidence_id: int):
    """A provider's evidence, for a consultant of the gemeente it asked for admission."""
    try:
        found = evidence.evidence_for_consultant(db.session, current_actor(), evidence_id)
    except DomainError:
        abort(404)
    return evidence_response(found)
