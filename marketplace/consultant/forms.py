"""The consultant's forms (Flask-WTF, CSRF-protected). They only read and type the input;
the domain decides what is allowed and says so in Dutch (shown in the reader's language)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.widgets import DateInput, DateTimeLocalInput, HiddenInput

from ..i18n import translate
from .fields import EuroField, WholeNumberField

VISIBILITY_CHOICES = [
    SelectChoice("open", _l("Open (Stipter-model)")),
    SelectChoice("rank_only", _l("Alleen plaats")),
    SelectChoice("sealed", _l("Gesloten")),
]
VISIBILITY_HINTS = {
    "open": _l("Aanbieders zien alle prijzen op volgorde, met letters (A, B, …) in plaats van namen, "
               "en kunnen daarop reageren."),
    "rank_only": _l("Aanbieders zien alleen hun eigen prijs en hun plaats in de rangorde, niet de prijzen van "
                    "anderen."),
    "sealed": _l("Aanbieders zien alleen hun eigen aanbieding: geen prijzen en geen plaats. "
                 "Zo concurreren ze minder op prijs."),
}

# Where the domain's field names (POST /api/v1/requests) land on RequestForm.
REQUEST_FIELD_MAP = {
    "max_price_cents": "max_price",
    "floor_price_cents": "floor_price",
    "min_step_cents": "min_step",
    "client": "client_name",
    "client.name": "client_name",
    "client.bsn": "client_bsn",
    "client.address": "client_address",
    "client.phone": "client_phone",
    "client.date_of_birth": "client_date_of_birth",
    "client.notes": "client_notes",
    "result_areas": None,  # shown on the result-area fieldset, see RequestForm.area_errors
    "award_criteria": None,  # shown on the weights' fieldset, see RequestForm.criteria_errors
    "award_criteria.price": "weight_price",
    "award_criteria.start_date": "weight_start_date",
    "award_criteria.approach": "weight_approach",
    "award_criteria.record": "weight_record",
}
CENTS_FIELDS = ("max_price_cents", "floor_price_cents", "min_step_cents")


class RequestForm(FlaskForm):
    """A new support request; build it with request_form(), which adds one select per result area."""

    category = SelectField(_l("Productcategorie"), choices=[], validate_choice=False)
    region = StringField(_l("Regio (PC3)"))
    start_date = StringField(_l("Gewenste startdatum"), widget=DateInput())
    duration_weeks = WholeNumberField(_l("Duur in weken"))
    max_price = EuroField(_l("Maximumtarief per 4 weken (plafond), in euro"))
    floor_price = EuroField(_l("Reële prijs per 4 weken (ondergrens), in euro"))
    max_price_reason = TextAreaField(_l("Reden voor een maximumtarief boven de tarieventabel"))
    description = TextAreaField(_l("Omschrijving van de ondersteuningsvraag"))
    opens_at = StringField(_l("Bieden opent op"), widget=DateTimeLocalInput())
    closes_at = StringField(_l("Bieden sluit op"), widget=DateTimeLocalInput())
    visibility = RadioField(_l("Wat zien aanbieders tijdens het bieden?"), choices=VISIBILITY_CHOICES,
                            default="open", validate_choice=False)
    min_step = EuroField(_l("Minimale verlaging per nieuw bod, in euro"), default="1,00")
    soft_close_seconds = WholeNumberField(_l("Verlenging bij een laat bod (seconden)"), default=120)
    max_extension_seconds = WholeNumberField(_l("Maximale totale verlenging (seconden)"), default=1800)
    client_name = StringField(_l("Naam"))
    client_bsn = StringField(_l("BSN"))
    client_address = StringField(_l("Adres"))
    client_phone = StringField(_l("Telefoonnummer"))
    client_date_of_birth = StringField(_l("Geboortedatum"), widget=DateInput())
    client_notes = TextAreaField(_l("Notities over de cliënt"))
    # Award criteria: all empty is price only; a weight left empty beside others is 0.
    weight_price = WholeNumberField(_l("Prijs"))
    weight_start_date = WholeNumberField(_l("Startdatum"))
    weight_approach = WholeNumberField(_l("Plan van aanpak"))
    weight_record = WholeNumberField(_l("Ervaring in de gemeente"))
    publish_now = BooleanField(_l("Direct publiceren (anders wordt de aanvraag als concept bewaard)"))
    submit = SubmitField(_l("Aanvraag opslaan"))

    area_fields: list = []
    area_errors: list = []
    criteria_errors: list = []
    general_errors: list = []

    def criteria_payload(self) -> dict | None:
        weights = {"price": self.weight_price.data, "start_date": self.weight_start_date.data,
                   "approach": self.weight_approach.data, "record": self.weight_record.data}
        if all(weight is None for weight in weights.values()):
            return None
        return {name: weight or 0 for name, weight in weights.items()}

    def areas_payload(self) -> list[dict]:
        return [{"code": area.code, "complexity": field.data} for area, field in self.area_fields if field.data]

    def payload(self) -> dict:
        """The body of POST /api/v1/requests (docs/api.md) from what was typed."""
        def text(field):
            return (field.data or "").strip() or None
        return {
            "category": self.category.data or None,
            "result_areas": self.areas_payload(),
            "region": text(self.region),
            "start_date": text(self.start_date),
            "duration_weeks": self.duration_weeks.data,
            "max_price_cents": self.max_price.cents,
            "floor_price_cents": self.floor_price.cents,
            "max_price_reason": text(self.max_price_reason),
            "description": text(self.description),
            "opens_at": text(self.opens_at),
            "closes_at": text(self.closes_at),
            "visibility": self.visibility.data or None,
            "min_step_cents": self.min_step.cents,
            "soft_close_seconds": self.soft_close_seconds.data,
            "max_extension_seconds": self.max_extension_seconds.data,
            "award_criteria": self.criteria_payload(),
            "client": {"name": text(self.client_name), "bsn": text(self.client_bsn),
                       "address": text(self.client_address), "phone": text(self.client_phone),
                       "date_of_birth": text(self.client_date_of_birth), "notes": text(self.client_notes)},
        }


def request_form(categories, areas, levels) -> RequestForm:
    """A RequestForm for one gemeente's catalogue: one complexity select per result area. The
    names are the gemeente's data; those it kept from the defaults are in the catalogue."""
    class GemeenteRequestForm(RequestForm):
        pass

    options = ([SelectChoice("", _("Niet van toepassing"))]
               + [SelectChoice(level.code, translate(level.name)) for level in levels])
    for area in areas:
        setattr(GemeenteRequestForm, f"area_{area.id}",
                SelectField(translate(area.name), choices=options, default="", validate_choice=False))
    form = GemeenteRequestForm()
    form.category.choices = ([SelectChoice("", _("Kies een productcategorie"))]
                             + [SelectChoice(c.code, translate(c.name)) for c in categories])
    form.area_fields = [(area, getattr(form, f"area_{area.id}")) for area in areas]
    form.area_errors = []
    form.criteria_errors = []
    form.general_errors = []
    return form


class ActionForm(FlaskForm):
    """A button-only POST (publish, client code, show client data): just the CSRF token."""


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reden van annuleren"), filters=[_strip],
                           validators=[DataRequired(_l("Geef een reden op waarom u de aanvraag annuleert."))])
    submit = SubmitField(_l("Aanvraag annuleren"))


class ReopenForm(FlaskForm):
    opens_at = StringField(_l("Nieuwe opening"), widget=DateTimeLocalInput())
    closes_at = StringField(_l("Nieuwe sluiting"), widget=DateTimeLocalInput())
    submit = SubmitField(_l("Opnieuw openzetten"))


class ChoiceForm(FlaskForm):
    bid_id = WholeNumberField(_l("Aanbieding"), widget=HiddenInput())


class AssessmentForm(FlaskForm):
    """The plan of approach of one offer, scored 1-5 with the client."""
    approach = RadioField(_l("Plan van aanpak"), choices=[SelectChoice(str(n), str(n)) for n in range(1, 6)],
                          validate_choice=False)
    submit = SubmitField(_l("Beoordeling opslaan"))


class AwardForm(FlaskForm):
    bid_id = WholeNumberField(_l("Aanbieding"), widget=HiddenInput())
    motivation = TextAreaField(_l("Motivering van de keuze"))
    submit = SubmitField(_l("Gunnen"))


class DecisionForm(FlaskForm):
    """Approve or suspend one approval; the pressed button sets status. Build it with
    prefix=f"approval-{id}" so every form on the page has its own field ids."""
    status = StringField(_l("Besluit"))
    reason = TextAreaField(_l("Toelichting bij het besluit"), filters=[_strip],
                           validators=[DataRequired(_l("Geef een toelichting; de aanbieder krijgt die te zien."))])
    back = HiddenField()
