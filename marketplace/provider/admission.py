"""The provider's admission page: approvals per gemeente and category, declarations, the
application for admission to a gemeente (marketplace.providers.onboarding decides), and the
evidence per minimum requirement that asks for a document (marketplace.providers.evidence)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..auction.actors import actor_for_user
from ..auction.errors import DomainError
from ..auction.inputs import today_by_the_clock
from ..extensions import csrf, db
from ..i18n import translate
from ..models import MinimumRequirement
from ..providers import evidence, onboarding
from ..ui.errors import apply_domain_error
from ..ui.evidence_files import STATE_LABELS, UPLOAD_BODY_LIMIT, evidence_response, serves_a_file
from ..ui.formatting import nl_date
from . import bp
from .forms import ApplyForm, EvidenceForm
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


def _evidence_for(overview, submitted: EvidenceForm | None = None, submitted_for: int | None = None):
    """Per gemeente, its document requirements with this organisation's newest evidence; and an
    upload form per requirement (the submitted one keeps its errors)."""
    today = today_by_the_clock()
    documents, forms = {}, {}
    for item in overview:
        documents[item.gemeente.id] = evidence.current_evidence(
            db.session, current_user.organisation_id, item.gemeente.id, today)
        for entry in documents[item.gemeente.id]:
            requirement_id = entry.requirement.id
            forms[requirement_id] = submitted if submitted is not None and requirement_id == submitted_for \
                else EvidenceForm(formdata=None, prefix=f"r{requirement_id}")
    return documents, forms


def _page(submitted: ApplyForm | None = None, submitted_for: int | None = None, status: int = 200,
          evidence_form: EvidenceForm | None = None, evidence_for: int | None = None):
    overview = admission_overview(db.session, current_user.organisation_id)
    documents, evidence_forms = _evidence_for(overview, evidence_form, evidence_for)
    return render_template("provider/status.html", overview=overview, labels=APPROVAL_LABELS,
                           forms=_forms_for(overview, submitted, submitted_for), documents=documents,
                           evidence_forms=evidence_forms, evidence_labels=STATE_LABELS), status


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


def _requirement_asking_a_document(requirement_id: int) -> MinimumRequirement:
    requirement = db.session.get(MinimumRequirement, requirement_id)
    if requirement is None or not requirement.active or not requirement.requires_document:
        abort(404)
    return requirement


def _refused(form: EvidenceForm, requirement_id: int, status: int):
    """The page again, the form's messages at its fields and, above everything, in one line."""
    messages = [message for field in (form.file, form.expires_on) for message in field.errors]
    flash(_("Uw bewijs is niet opgeslagen. %(details)s", details=" ".join(map(str, messages))), "error")
    return _page(evidence_form=form, evidence_for=requirement_id, status=status)


def _too_large(requirement_id: int):
    """The body is over the upload's cap: nothing was read or stored; say so on the form."""
    form = EvidenceForm(formdata=None, prefix=f"r{requirement_id}")
    form.file.errors = [_("Het bestand is te groot: hoogstens 5 MB.")]
    return _refused(form, requirement_id, 413)


# The global CSRF check reads the body before any view, under the pages' 256 KiB cap; this form
# checks its own token instead (FlaskForm does), after the view has raised the cap for itself.
@csrf.exempt
@bp.post("/status/bewijs/<int:requirement_id>")
def upload_evidence(requirement_id: int):
    _requirement_asking_a_document(requirement_id)
    request.max_content_length = UPLOAD_BODY_LIMIT
    if request.content_length is not None and request.content_length > UPLOAD_BODY_LIMIT:
        return _too_large(requirement_id)
    try:
        form = EvidenceForm(prefix=f"r{requirement_id}")
        valid = form.validate()
    except RequestEntityTooLarge:  # sent without a length, and longer than the cap
        return _too_large(requirement_id)
    if not valid:
        if getattr(form, "csrf_token", None) is not None and form.csrf_token.errors:
            form.file.errors = list(form.file.errors) + [
                _("Het formulier is verlopen of onvolledig. Probeer het opnieuw.")]
        return _refused(form, requirement_id, 422)
    upload = form.file.data
    try:
        stored = evidence.upload(db.session, actor_for_user(current_user), current_user.organisation_id,
                                 requirement_id, upload.filename, upload.read(evidence.MAX_BYTES + 1),
                                 form.expires_on.data, today_by_the_clock())
    except DomainError as error:
        db.session.rollback()
        if error.code == "not_found":
            abort(404)
        general = apply_domain_error(form, error, {"file": "file", "expires_on": "expires_on",
                                                   "requirement_id": None})
        if general:
            form.file.errors = list(form.file.errors) + general
        return _refused(form, requirement_id, error.status)
    flash(_("Uw bewijs %(filename)s is opgeslagen; het geldt tot en met %(date)s.", filename=stored.filename,
            date=nl_date(stored.expires_on)), "success")
    return redirect(url_for(".status") + f"#bewijs-{requirement_id}")


@bp.get("/bewijs/<int:evidence_id>")
@serves_a_file
def evidence_file(evidence_id: int):
    """One of the organisation's own evidence files; anyone else's does not exist."""
    try:
        found = evidence.evidence_for_provider(db.session, actor_for_user(current_user), evidence_id)
    except DomainError:
        abort(404)
    return evidence_response(found)
