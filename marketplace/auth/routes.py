"""Login (rate-limited), logout and provider registration."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..accounts import authenticate
from ..auction.errors import DomainError
from ..auction.onboarding import register_organisation
from ..extensions import db, limiter, login
from ..i18n import translate
from ..models import User
from . import bp
from .forms import LoginForm, RegisterForm


# login_message is lazy (marketplace/__init__.py): flash it as a plain string, in the reader's language.
login.localize_callback = str


@login.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str | None:
    return target if target and target.startswith("/") and not target.startswith("//") else None


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
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
            return redirect(_safe_next(request.args.get("next")) or url_for("web.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout():
    logout_user()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login_page"))


@bp.route("/registreren", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            _organisation, user = register_organisation(db.session, {
                "name": form.name.data, "kvk_number": form.kvk_number.data.strip(),
                "agb_code": form.agb_code.data.strip(), "contact_name": form.contact_name.data,
                "email": form.email.data, "phone": form.phone.data, "password": form.password.data,
                "categories": form.categories.data})
        except DomainError as error:
            for name, message in error.extra.get("fields", {}).items():
                getattr(form, name, form.name).errors.append(translate(message))
        else:
            login_user(user)
            flash(_("Uw organisatie is geregistreerd. Vraag nu toelating aan bij een gemeente."), "success")
            return redirect(url_for("provider.status"))
    return render_template("auth/register.html", form=form)
