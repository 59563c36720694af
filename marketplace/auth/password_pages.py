"""The pages behind the one-time links Zorgbod e-mails: asking for a password reset, choosing a
new password through the reset link, accepting an invitation, confirming a new e-mail address.

A link's GET only shows a form with a button: mail scanners that open links must not use them
up. The token is in the path, so the access logs keep only the start of these paths
(serving/gunicorn_worker.py, deploy/nginx.conf)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..auction.errors import DomainError
from ..extensions import db
from ..gemeente import staff
from ..limits import password_reset_per_account, password_reset_per_address
from ..providers import own_account
from ..ui.errors import apply_domain_error, error_message
from . import bp
from .forms import AcceptInvitationForm, ConfirmEmailForm, ForgotPasswordForm, NewPasswordForm


def _link_refused(error: DomainError):
    db.session.rollback()
    return render_template("web/error.html", status=400, message=error_message(error)), 400


def _form_refused(form, error: DomainError) -> None:
    db.session.rollback()
    for message in apply_domain_error(form, error):
        form.password.errors.append(message)


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@password_reset_per_address
@password_reset_per_account
def forgot_password():
    """The same answer whatever the address: only its owner learns, from the e-mail, whether it
    is on Zorgbod."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            own_account.request_reset(db.session, form.email.data,
                                      lambda raw: url_for("auth.reset_password", token=raw, _external=True))
        except DomainError as error:  # a malformed address: about the form only
            db.session.rollback()
            for message in apply_domain_error(form, error):
                form.email.errors.append(message)
        else:
            return redirect(url_for("auth.reset_sent"))
    return render_template("auth/forgot_password.html", form=form)


@bp.get("/wachtwoord-vergeten/verstuurd")
def reset_sent():
    return render_template("auth/reset_sent.html")


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = own_account.check_reset_link(db.session, token)
    except DomainError as error:
        return _link_refused(error)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = own_account.reset_password(db.session, token, form.password.data)
        except DomainError as error:
            if error.code != "validation_error":
                return _link_refused(error)
            _form_refused(form, error)
        else:
            login_user(user)
            flash(_("Uw nieuwe wachtwoord is opgeslagen. Overal waar u nog was ingelogd, bent u uitgelogd."),
                  "success")
            return redirect(url_for("web.home"))
    return render_template("auth/new_password.html", form=form, email=user.email,
                           title=_("Nieuw wachtwoord kiezen"))


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        user = staff.check_invitation(db.session, token)
    except DomainError as error:
        return _link_refused(error)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = staff.accept_invitation(db.session, token, form.password.data)
        except DomainError as error:
            if error.code != "validation_error":
                return _link_refused(error)
            _form_refused(form, error)
        else:
            login_user(user)
            flash(_("Welkom bij Zorgbod. U bent ingelogd."), "success")
            return redirect(url_for("web.home"))
    return render_template("auth/new_password.html", form=form, email=user.email, invitation=True,
                           gemeente=user.gemeente.name if user.gemeente else "",
                           title=_("Uitnodiging aannemen"))


@bp.route("/e-mailadres-bevestigen/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    try:
        _user, new_email = own_account.check_email_link(db.session, token)
    except DomainError as error:
        return _link_refused(error)
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        try:
            user = own_account.confirm_email_change(db.session, token)
        except DomainError as error:
            return _link_refused(error)
        flash(_("Uw e-mailadres is gewijzigd in %(email)s.", email=user.email), "success")
        if current_user.is_authenticated and current_user.id == user.id:
            return redirect(url_for("web.settings"))
        return redirect(url_for("auth.login_page"))
    return render_template("auth/confirm_email.html", form=form, new_email=new_email)
