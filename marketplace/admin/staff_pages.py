"""/beheer/medewerkers: the gemeente's consultants and beheerders with their status; inviting
someone by e-mail, a new invitation, deactivating and reactivating."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..auction.errors import DomainError
from ..extensions import db
from ..gemeente import staff
from ..ui.errors import apply_domain_error, plain_message
from . import bp
from .guard import admin_required, current_actor

STATUS_LABELS = {"active": _l("Actief"), "invited": _l("Uitgenodigd"), "inactive": _l("Gedeactiveerd")}


class InviteForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Verplicht.")), Length(max=120)])
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Verplicht.")), Length(max=254)])
    # The domain judges the choice (validate_choice=False), so a forged value gets its Dutch message.
    role = SelectField(_l("Rol"), choices=[SelectChoice("consultant", _l("Consulent")),
                                           SelectChoice("admin", _l("Functioneel beheerder"))],
                       validate_choice=False)
    submit = SubmitField(_l("Uitnodiging sturen"))


def _invitation_link(raw: str) -> str:
    return url_for("auth.accept_invitation", token=raw, _external=True)


def _page(form: InviteForm):
    actor = current_actor()
    members = staff.staff_list(db.session, actor, actor.gemeente_id)
    return render_template("admin/staff.html", members=members, form=form, me=actor.user_id,
                           status_labels=STATUS_LABELS)


@bp.get("/medewerkers")
@admin_required
def staff_page():
    return _page(InviteForm())


@bp.post("/medewerkers")
@admin_required
def invite():
    form = InviteForm()
    if form.validate():
        actor = current_actor()
        try:
            user = staff.invite(db.session, actor, actor.gemeente_id, form.email.data, form.name.data,
                                form.role.data, _invitation_link)
        except DomainError as error:
            db.session.rollback()
            for message in apply_domain_error(form, error):
                form.email.errors.append(message)
        else:
            flash(_("%(name)s is uitgenodigd: de uitnodiging is verstuurd naar %(email)s en 72 uur geldig.",
                    name=user.name, email=user.email), "success")
            return redirect(url_for("admin.staff_page"))
    return _page(form)


def _change(change, user_id: int, done):
    """Run `change` on the member; `done(user)` is the message when it worked."""
    try:
        user = change(db.session, current_actor(), user_id)
    except DomainError as error:
        if error.code == "not_found":
            raise
        db.session.rollback()
        flash(plain_message(error), "error")
    else:
        flash(done(user), "success")
    return redirect(url_for("admin.staff_page"))


@bp.post("/medewerkers/<int:user_id>/deactiveren")
@admin_required
def deactivate(user_id: int):
    """Ends the person's page sessions, API tokens and sockets at once."""
    return _change(staff.deactivate, user_id,
                   lambda user: _("%(name)s is gedeactiveerd en overal uitgelogd.", name=user.name))


@bp.post("/medewerkers/<int:user_id>/activeren")
@admin_required
def reactivate(user_id: int):
    return _change(staff.reactivate, user_id, lambda user: _("%(name)s kan weer inloggen.", name=user.name))


@bp.post("/medewerkers/<int:user_id>/uitnodiging")
@admin_required
def resend_invitation(user_id: int):
    return _change(lambda session, actor, uid: staff.resend_invitation(session, actor, uid, _invitation_link),
                   user_id, lambda user: _("Er is een nieuwe uitnodiging naar %(name)s gestuurd.", name=user.name))
