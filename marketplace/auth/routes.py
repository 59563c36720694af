"""Login (rate-limited), logout and provider registration."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadData, URLSafeTimedSerializer

from ..auction.errors import DomainError
from ..extensions import db, login
from ..i18n import language, translate
from ..limits import login_per_account, login_per_address, registration_per_address
from ..models import User
from ..providers.accounts import authenticate, revoke_token
from ..providers.onboarding import register_organisation, start_registration
from ..ui import socket_token
from ..ui.errors import apply_domain_error
from ..ui.redirects import safe_next
from . import bp
from .forms import ConfirmRegistrationForm, LoginForm, RegisterForm

# login_message is lazy (marketplace/__init__.py): flash it as a plain string, in the reader's language.
login.localize_callback = str


@login.user_loader
def load_user(user_id: str):
    # A deactivated user's page session ends at its next request, like its tokens and sockets;
    # so does a session from before a password reset or change (the id carries the epoch).
    id_part, _, epoch = user_id.partition(":")
    if not (id_part.isdigit() and len(id_part) < 19 and epoch.isdigit() and len(epoch) < 10):
        return None
    user = db.session.get(User, int(id_part))
    return user if user is not None and user.active and user.session_epoch == int(epoch) else None


@bp.route("/inloggen", methods=["GET", "POST"])
@login_per_address
@login_per_account
def login_page():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(db.session, form.email.data, form.password.data)
        except DomainError as error:
            form.password.errors.append(translate(error.message))
        else:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("web.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout():
    # The page's socket token goes with the session: else it would keep working for the API
    # and for sockets (open and new) until it expires.
    revoke_token(db.session, session.pop(socket_token.KEY, None))
    logout_user()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login_page"))


def _registration_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="zorgbod-registration")


def _confirmation_link(values: dict) -> str:
    return url_for("auth.confirm_registration", token=_registration_signer().dumps(values), _external=True)


@bp.route("/registreren", methods=["GET", "POST"])
@registration_per_address
def register():
    """Step one: whatever the outcome, the same answer (check your e-mail), so the form tells
    nobody whether an e-mail address, KvK number or AGB code is on Zorgbod."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            start_registration(db.session, {
                "name": form.name.data, "kvk_number": form.kvk_number.data.strip(),
                "agb_code": form.agb_code.data.strip(), "contact_name": form.contact_name.data,
                "email": form.email.data, "phone": form.phone.data, "password": form.password.data,
                "categories": form.categories.data}, _confirmation_link,
                current_app.config["REGISTRATION_LINK_HOURS"], language=language())
        except DomainError as error:
            # Registration refuses only with field messages; one for no field goes under the name.
            for message in apply_domain_error(form, error):
                form.name.errors.append(message)
        else:
            return redirect(url_for("auth.registration_sent"))
    return render_template("auth/register.html", form=form)


@bp.get("/registreren/verstuurd")
def registration_sent():
    return render_template("auth/registration_sent.html")


@bp.route("/registreren/bevestigen/<token>", methods=["GET", "POST"])
@registration_per_address
def confirm_registration(token: str):
    """Step two, from the e-mailed link. GET only shows a button: mail scanners that open
    links must not complete a registration."""
    try:
        values = _registration_signer().loads(token, max_age=current_app.config["REGISTRATION_LINK_HOURS"] * 3600)
    except BadData:
        return render_template("web/error.html", status=400, message=_(
            "Deze link is verlopen of ongeldig. Registreer opnieuw om een nieuwe link te krijgen.")), 400
    form = ConfirmRegistrationForm()
    if form.validate_on_submit():
        try:
            _organisation, user = register_organisation(db.session, values)
        except DomainError as error:
            flash(translate(error.message), "info")
            return redirect(url_for("auth.login_page"))
        login_user(user)
        flash(_("Uw organisatie is geregistreerd. Vraag nu toelating aan bij een gemeente."), "success")
        return redirect(url_for("provider.status"))
    return render_template("auth/confirm_registration.html", form=form, name=values.get("name", ""))
