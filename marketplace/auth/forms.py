"""Login and registration forms (Flask-WTF, CSRF-protected)."""
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..auction.onboarding import DEFAULT_CATEGORIES


class LoginForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[DataRequired("Vul uw e-mailadres in.")])
    password = PasswordField("Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in.")])
    submit = SubmitField("Inloggen")


class RegisterForm(FlaskForm):
    name = StringField("Naam van de organisatie", validators=[DataRequired("Verplicht."), Length(max=160)])
    kvk_number = StringField("KvK-nummer (8 cijfers)", validators=[DataRequired("Verplicht.")])
    agb_code = StringField("AGB-code (8 cijfers)", validators=[DataRequired("Verplicht.")])
    contact_name = StringField("Contactpersoon", validators=[DataRequired("Verplicht."), Length(max=120)])
    email = EmailField("E-mailadres (ook uw inlognaam)",
                       validators=[DataRequired("Verplicht."), Email("Vul een geldig e-mailadres in.")])
    phone = StringField("Telefoonnummer", validators=[DataRequired("Verplicht."), Length(max=32)])
    password = PasswordField("Wachtwoord (minstens 10 tekens)", validators=[DataRequired("Verplicht.")])
    categories = SelectMultipleField("Welke ondersteuning biedt u?", choices=DEFAULT_CATEGORIES,
                                     option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    submit = SubmitField("Registreren")
