"""The settings page's forms: each with a prefix of its own, as they share one page (and a field
name: the current password)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import LANGUAGES

# The optional notices (marketplace.mail.preferences.OPTIONAL_NOTICES), in the order a provider
# meets them.
NOTICE_LABELS = {
    "new_request": _l("Er is een nieuwe aanvraag waarop u kunt bieden"),
    "window_open": _l("Het bieden op een aanvraag is geopend"),
    "outbid": _l("Uw aanbieding staat niet meer op de eerste plaats"),
    "closing_soon": _l("Het bieden sluit binnenkort"),
}


class PreferencesForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Verplicht.")), Length(max=120)])
    # The domain judges the choices (validate_choice=False), so a forged value gets its Dutch message.
    language = SelectField(_l("Taal van Zorgbod en van uw e-mail"),
                           choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
                           validate_choice=False)
    email_notices = SelectMultipleField(_l("Deze berichten krijg ik ook per e-mail"),
                                        choices=[SelectChoice(code, label) for code, label in NOTICE_LABELS.items()],
                                        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                        validate_choice=False)
    submit = SubmitField(_l("Opslaan"))


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(_l("Verplicht."))])
    password = PasswordField(_l("Nieuw wachtwoord (minstens 10 tekens)"), validators=[DataRequired(_l("Verplicht."))])
    confirm = PasswordField(_l("Herhaal het nieuwe wachtwoord"), validators=[
        DataRequired(_l("Verplicht.")), EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk."))])
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class EmailForm(FlaskForm):
    new_email = EmailField(_l("Nieuw e-mailadres"), validators=[DataRequired(_l("Verplicht.")), Length(max=254)])
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(_l("Verplicht."))])
    submit = SubmitField(_l("Bevestigingslink sturen"))
