"""The consultant's request list and the form for a new request."""
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auction import states, support_requests
from ..auction.access import visible_requests_query
from ..auction.errors import DomainError
from ..auction.transactions import server_now
from ..extensions import db
from ..gemeente.tariffs import table_for_form
from ..i18n import translate
from ..models import Gemeente
from ..privacy import detection
from ..ui.errors import apply_domain_error, plain_message
from ..ui.formatting import local_input
from . import bp
from .forms import CENTS_FIELDS, REQUEST_FIELD_MAP, VISIBILITY_HINTS, request_form
from .guard import consultant_required, current_actor
from .queries import active_offer_counts, catalogue
from .request_detail import refused_for_personal_data


@bp.get("/aanvragen")
@consultant_required
def requests():
    actor = current_actor()
    status = request.args.get("status") or None
    if status not in states.ALL:
        status = None
    rows = db.session.scalars(visible_requests_query(actor, status)).all()
    return render_template("consultant/requests.html", rows=rows, status=status, statuses=states.ALL,
                           counts=active_offer_counts(r.id for r in rows), now=server_now(db.session))


def _default_window(form) -> None:
    """A first suggestion: open at the next quarter hour, close two days later."""
    if form.is_submitted():
        return
    now = server_now(db.session)
    opens = (now + timedelta(minutes=15 - now.minute % 15)).replace(second=0, microsecond=0)
    form.opens_at.data = local_input(opens)
    form.closes_at.data = local_input(opens + timedelta(days=2))


def _gemeente_defaults(form, gemeente: Gemeente) -> None:
    """The settings the gemeente's beheerder chose for a new request, as the first suggestion."""
    if form.is_submitted():
        return
    form.visibility.data = gemeente.default_visibility
    form.soft_close_seconds.data = gemeente.default_soft_close_seconds
    form.max_extension_seconds.data = gemeente.default_max_extension_seconds


@bp.route("/aanvragen/nieuw", methods=["GET", "POST"])
@consultant_required
def new_request():
    actor = current_actor()
    gemeente = db.session.get(Gemeente, actor.gemeente_id)
    # Retired entries are not offered for a new request (existing requests keep theirs).
    form = request_form(*([row for row in rows if row.active] for rows in catalogue(actor.gemeente_id)))
    _default_window(form)
    _gemeente_defaults(form, gemeente)
    if form.validate_on_submit():
        try:
            created = support_requests.create_request(db.session, actor, form.payload())
        except DomainError as error:
            db.session.rollback()
            fields = error.extra.get("fields") or {}
            if "result_areas" in fields:
                form.area_errors.append(translate(fields["result_areas"]))
            if "award_criteria" in fields:
                form.criteria_errors.append(translate(fields["award_criteria"]))
            form.general_errors += apply_domain_error(form, error, REQUEST_FIELD_MAP, CENTS_FIELDS)
            if error.code == "validation_error" and not form.general_errors:
                form.general_errors.append(_("De aanvraag is niet opgeslagen. Verbeter de gemarkeerde velden."))
        else:
            return _after_create(actor, created, form.publish_now.data)
    elif form.is_submitted():
        form.general_errors.append(_("De aanvraag is niet opgeslagen. Verbeter de gemarkeerde velden."))
    status = 422 if form.is_submitted() else 200
    return render_template("consultant/new_request.html", form=form, visibility_hints=VISIBILITY_HINTS,
                           tariffs=table_for_form(db.session, actor.gemeente_id)), status


def _after_create(actor, created, publish_now: bool):
    request_id, reference = created.id, created.reference
    if publish_now:
        try:
            scan = detection.scanner(current_app.config["PERSONAL_DATA_SCAN_WAIT"])
            published = support_requests.publish(db.session, actor, request_id, scan)
        except DomainError as error:
            if error.code == "personal_data_detected":
                flash(_("Aanvraag %(reference)s is als concept bewaard, maar niet gepubliceerd: de omschrijving "
                        "bevat persoonsgegevens. Hieronder staat wat er gevonden is.", reference=reference), "warning")
                return refused_for_personal_data(request_id, error)
            db.session.rollback()
            flash(_("Aanvraag %(reference)s is als concept bewaard, maar publiceren lukte niet: %(reason)s Pas "
                    "zo nodig de tijden aan en publiceer opnieuw.", reference=reference, reason=plain_message(error)),
                  "warning")
        else:
            flash(_("Aanvraag %(reference)s is gepubliceerd en staat open voor aanbiedingen.", reference=reference)
                  if published.status == "open"
                  else _("Aanvraag %(reference)s is gepubliceerd en is gepland.", reference=reference), "success")
    else:
        flash(_("Aanvraag %(reference)s is als concept bewaard. Publiceer hem als alles klopt.", reference=reference),
              "success")
    return redirect(url_for("consultant.request_detail", request_id=request_id))
