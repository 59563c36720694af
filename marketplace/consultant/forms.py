"""The consultant's forms (Flask-WTF, CSRF-protected). They only read and type the input;
the domain decides what is allowed and says so in Dutch."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.widgets import DateInput, DateTimeLocalInput, HiddenInput

from .fields import EuroField, WholeNumberField

VISIBILITY_CHOICES = [
    SelectChoice("open", "Open (Stipter-model)"),
    SelectChoice("rank_only", "Alleen plaats"),
    SelectChoice("sealed", "Gesloten"),
]
VISIBILITY_HINTS = {
    "open": "Aanbieders zien alle prijzen op volgorde, met letters (A, B, …) in plaats van namen, "
            "en kunnen daarop reageren.",
    "rank_only": "Aanbieders zien alleen hun eigen prijs en hun plaats in de rangorde, niet de prijzen van anderen.",
    "sealed": "Aanbieders zien alleen hun eigen aanbieding: geen prijzen en geen plaats. "
              "Zo concurreren ze minder op prijs.",
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
    "result_areas": None,  # shown on the result-area fieldset, see RequestForm.area_errors
}
CENTS_FIELDS = ("max_price_cents", "floor_price_cents", "min_step_cents")


class RequestForm(FlaskForm):
    """A new support request; build it with request_form(), which adds one select per result area."""

    category = SelectField("Productcategorie", choices=[], validate_choice=False)
    region = StringField("Regio (PC3)")
    start_date = StringField("Gewenste startdatum", widget=DateInput())
    duration_weeks = WholeNumberField("Duur in weken")
    max_price = EuroField("Maximumtarief per 4 weken (plafond), in euro")
    floor_price = EuroField("Reële prijs per 4 weken (ondergrens), in euro")
    description = TextAreaField("Omschrijving van de ondersteuningsvraag")
    opens_at = StringField("Bieden opent op", widget=DateTimeLocalInput())
    closes_at = StringField("Bieden sluit op", widget=DateTimeLocalInput())
    visibility = RadioField("Wat zien aanbieders tijdens het bieden?", choices=VISIBILITY_CHOICES,
                            default="open", validate_choice=False)
    min_step = EuroField("Minimale verlaging per nieuw bod, in euro", default="1,00")
    soft_close_seconds = WholeNumberField("Verlenging bij een laat bod (seconden)", default=120)
    max_extension_seconds = WholeNumberField("Maximale totale verlenging (seconden)", default=1800)
    client_name = StringField("Naam")
    client_bsn = StringField("BSN")
    client_address = StringField("Adres")
    client_phone = StringField("Telefoonnummer")
    publish_now = BooleanField("Direct publiceren (anders wordt de aanvraag als concept bewaard)")
    submit = SubmitField("Aanvraag opslaan")

    area_fields: list = []
    area_errors: list = []
    general_errors: list = []

    def areas_payload(self) -> list[dict]:
        return [{"code": area.code, "complexity": field.data} for area, field in self.area_fields if field.data]

    def payload(self) -> dict:
        """The body of POST /api/v1/requests (CONTRACT.md) from what was typed."""
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
            "description": text(self.description),
            "opens_at": text(self.opens_at),
            "closes_at": text(self.closes_at),
            "visibility": self.visibility.data or None,
            "min_step_cents": self.min_step.cents,
            "soft_close_seconds": self.soft_close_seconds.data,
            "max_extension_seconds": self.max_extension_seconds.data,
            "client": {"name": text(self.client_name), "bsn": text(self.client_bsn),
                       "address": text(self.client_address), "phone": text(self.client_phone)},
        }


def request_form(categories, areas, levels) -> RequestForm:
    """A RequestForm for one gemeente's catalogue: one complexity select per result area."""
    class GemeenteRequestForm(RequestForm):
        pass

    options = [SelectChoice("", "Niet van toepassing")] + [SelectChoice(level.code, level.name) for level in levels]
    for area in areas:
        setattr(GemeenteRequestForm, f"area_{area.id}",
                SelectField(area.name, choices=options, default="", validate_choice=False))
    form = GemeenteRequestForm()
    form.category.choices = ([SelectChoice("", "Kies een productcategorie")]
                             + [SelectChoice(c.code, c.name) for c in categories])
    form.area_fields = [(area, getattr(form, f"area_{area.id}")) for area in areas]
    form.area_errors = []
    form.general_errors = []
    return form


class ActionForm(FlaskForm):
    """A button-only POST (publish, client code, show client data): just the CSRF token."""


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CancelForm(FlaskForm):
    reason = TextAreaField("Reden van annuleren", filters=[_strip],
                           validators=[DataRequired("Geef een reden op waarom u de aanvraag annuleert.")])
    submit = SubmitField("Aanvraag annuleren")


class ReopenForm(FlaskForm):
    opens_at = StringField("Nieuwe opening", widget=DateTimeLocalInput())
    closes_at = StringField("Nieuwe sluiting", widget=DateTimeLocalInput())
    submit = SubmitField("Opnieuw openzetten")


class ChoiceForm(FlaskForm):
    bid_id = WholeNumberField("Aanbieding", widget=HiddenInput())


class AwardForm(FlaskForm):
    bid_id = WholeNumberField("Aanbieding", widget=HiddenInput())
    motivation = TextAreaField("Motivering van de keuze")
    submit = SubmitField("Gunnen")


class DecisionForm(FlaskForm):
    """Approve or suspend one approval; the pressed button sets status. Build it with
    prefix=f"approval-{id}" so every form on the page has its own field ids."""
    status = StringField("Besluit")
    reason = TextAreaField("Toelichting bij het besluit", filters=[_strip],
                           validators=[DataRequired("Geef een toelichting; de aanbieder krijgt die te zien.")])
    back = HiddenField()
