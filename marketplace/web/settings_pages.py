"""/instellingen: every logged-in user's own settings (name, language, which optional notices
also come by e-mail), their password, and their e-mail address, which changes only once the
link sent to the new address is followed."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..auction.errors import DomainError
from ..extensions import db
from ..i18n import COOKIE
from ..limits import login_per_address
from ..mail.preferences import OPTIONAL_NOTICES
from ..providers import own_account
from ..ui.errors import apply_domain_error
from . import bp
from .settings_forms import NOTICE_LABELS, EmailForm, PasswordForm, PreferencesForm


def _page(preferences=None, password=None, email=None):
    """The page with its three forms; a form handed in keeps what was typed and its messages."""
    if preferences is None:
        preferences = PreferencesForm(prefix="profile", formdata=None, data={
            "name": current_user.name, "language": current_user.language,
            "email_notices": [kind for kind in NOTICE_LABELS if kind not in (current_user.email_opt_out or ())]})
    return render_template("web/settings.html", preferences=preferences,
                           password=password or PasswordForm(prefix="password", formdata=None),
                           email=email or EmailForm(prefix="email", formdata=None),
                           notices_apply=current_user.is_provider)


def _refused(form, error: DomainError, first_field) -> None:
    db.session.rollback()
    for message in apply_domain_error(form, error):
        first_field.errors.append(message)


@bp.get("/instellingen")
@login_required
def settings():
    return _page()


@bp.post("/instellingen")
@login_required
def save_preferences():
    form = PreferencesForm(prefix="profile")
    if not form.validate():
        return _page(preferences=form)
    notices = form.email_notices.data if current_user.is_provider else \
        sorted(OPTIONAL_NOTICES - set(current_user.email_opt_out or ()))  # staff get none of these notices
    try:
        user = own_account.update_preferences(db.session, current_user.id, {
            "name": form.name.data, "language": form.language.data, "email_notices": notices})
    except DomainError as error:
        _refused(form, error, form.name)
        return _page(preferences=form)
    flash(_("Uw instellingen zijn opgeslagen."), "success")
    response = redirect(url_for("web.settings"))
    # The pages follow the language chosen here too, as the language switch would set it.
    response.set_cookie(COOKIE, user.language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=request.is_secure)
    return response


@bp.get("/instellingen/wachtwoord")
@bp.get("/instellingen/e-mailadres")
@login_required
def back_to_settings():
    """A refused form is shown at the address it was posted to; the language switch (or a
    reload) asks for that address again."""
    return redirect(url_for("web.settings"))


@bp.post("/instellingen/wachtwoord")
@login_required
@login_per_address
def change_password():
    """Every other page session, API token and socket of the user ends; this page logs in again
    under the new session epoch, so it stays."""
    form = PasswordForm(prefix="password")
    if not form.validate():
        return _page(password=form)
    try:
        user = own_account.change_password(db.session, current_user.id, form.current_password.data,
                                           form.password.data)
    except DomainError as error:
        _refused(form, error, form.password)
        return _page(password=form)
    login_user(user)
    flash(_("Uw wachtwoord is gewijzigd. Overal waar u nog meer was ingelogd, bent u uitgelogd."), "success")
    return redirect(url_for("web.settings"))


@bp.post("/instellingen/e-mailadres")
@login_required
@login_per_address
def change_email():
    form = EmailForm(prefix="email")
    if not form.validate():
        return _page(email=form)
    try:
        address = own_account.request_email_change(
            db.session, current_user.id, form.new_email.data, form.current_password.data,
            lambda raw: url_for("auth.confirm_email", token=raw, _external=True))
    except DomainError as error:
        _refused(form, error, form.new_email)
        return _page(email=form)
    flash(_("We hebben een link gestuurd naar %(email)s. Uw e-mailadres verandert pas als u die link volgt "
            "(24 uur geldig).", email=address), "success")
    return redirect(url_for("web.settings"))
