"""Login, registration and password forms (Flask-WTF, CSRF-protected)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..providers.onboarding import DEFAULT_CATEGORIES


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul uw e-mailadres in."))])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(_l("Vul uw wachtwoord in."))])
    submit = SubmitField(_l("Inloggen"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Naam van de organisatie"), validators=[DataRequired(_l("Verplicht.")), Length(max=160)])
    kvk_number = StringField(_l("KvK-nummer (8 cijfers)"), validators=[DataRequired(_l("Verplicht."))])
    agb_code = StringField(_l("AGB-code (8 cijfers)"), validators=[DataRequired(_l("Verplicht."))])
    contact_name = StringField(_l("Contactpersoon"), validators=[DataRequired(_l("Verplicht.")), Length(max=120)])
    # The address's form is checked by onboarding.check_registration (WTForms' Email() needs the
    # email_validator package, which is not installed, so every registration would answer 500).
    email = EmailField(_l("E-mailadres (ook uw inlognaam)"),
                       validators=[DataRequired(_l("Verplicht.")), Length(max=254)])
    phone = StringField(_l("Telefoonnummer"), validators=[DataRequired(_l("Verplicht.")), Length(max=32)])
    password = PasswordField(_l("Wachtwoord (minstens 10 tekens)"), validators=[DataRequired(_l("Verplicht."))])
    # The default category names are Text in onboarding.py, so the catalogue has them.
    categories = SelectMultipleField(_l("Welke ondersteuning biedt u?"),
                                     choices=[SelectChoice(code, _l(name.msgid)) for code, name in DEFAULT_CATEGORIES],
                                     option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    submit = SubmitField(_l("Registreren"))


class ConfirmRegistrationForm(FlaskForm):
    submit = SubmitField(_l("Registratie afronden"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254)])
    submit = SubmitField(_l("Stuur mij een link"))


class NewPasswordForm(FlaskForm):
    """A new password, typed twice; the domain checks the rules (marketplace.providers.accounts)."""
    password = PasswordField(_l("Nieuw wachtwoord (minstens 10 tekens)"), validators=[DataRequired(_l("Verplicht."))])
    confirm = PasswordField(_l("Herhaal het nieuwe wachtwoord"), validators=[
        DataRequired(_l("Verplicht.")), EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk."))])
    submit = SubmitField(_l("Wachtwoord opslaan"))


class AcceptInvitationForm(NewPasswordForm):
    password = PasswordField(_l("Kies een wachtwoord (minstens 10 tekens)"), validators=[DataRequired(_l("Verplicht."))])
    confirm = PasswordField(_l("Herhaal het wachtwoord"), validators=[
        DataRequired(_l("Verplicht.")), EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk."))])
    submit = SubmitField(_l("Wachtwoord opslaan en inloggen"))


class ConfirmEmailForm(FlaskForm):
    submit = SubmitField(_l("E-mailadres bevestigen"))
