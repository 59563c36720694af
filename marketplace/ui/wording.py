"""Words for what the pages show, in the reader's language (Dutch msgids): request statuses,
visibility modes, approval statuses, audit actions and their details. Presentation only, no rules."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auction.money import format_eur
from ..followup.states import END_REASON_LABELS, OUTCOME_LABELS
from ..i18n import translate
from .formatting import local, nl_date

STATUS_LABELS = {  # lazy: each page shows them in its reader's language
    "draft": _l("Concept"), "scheduled": _l("Gepland"), "open": _l("Open voor aanbiedingen"),
    "closed": _l("Gesloten"), "chosen": _l("Keuze gemaakt"), "awarded": _l("Gegund"),
    "no_offers": _l("Geen aanbiedingen"), "cancelled": _l("Geannuleerd"),
}
VISIBILITY_LABELS = {
    "open": _l("Open: aanbieders zien alle prijzen (zonder namen)"),
    "rank_only": _l("Alleen plaats: aanbieders zien hun eigen plaats"),
    "sealed": _l("Gesloten: aanbieders zien alleen hun eigen aanbieding"),
}
APPROVAL_LABELS = {"pending": _l("Wacht op beoordeling"), "approved": _l("Toegelaten"), "suspended": _l("Geschorst")}
AUDIT_ACTIONS = {
    "request_created": _l("Aanvraag aangemaakt"),
    "request_published": _l("Aanvraag gepubliceerd"),
    "window_opened": _l("Bieden geopend"),
    "bid_placed": _l("Aanbieding gedaan"),
    "bid_revised": _l("Aanbieding aangepast"),
    "bid_withdrawn": _l("Aanbieding ingetrokken"),
    "window_extended": _l("Biedtermijn verlengd na een laat bod"),
    "window_closed": _l("Bieden gesloten"),
    "client_code_created": _l("Cliëntcode gemaakt"),
    "client_code_redeemed": _l("Cliëntcode gebruikt door de cliënt"),
    "offer_chosen": _l("Aanbieding gekozen"),
    "request_awarded": _l("Gegund"),
    "client_data_read": _l("Cliëntgegevens ingezien"),
    "client_data_erased": _l("Cliëntgegevens gewist"),
    "request_cancelled": _l("Aanvraag geannuleerd"),
    "request_reopened": _l("Opnieuw opengezet"),
    "assignment_started": _l("Start van de ondersteuning vastgelegd"),
    "assignment_reviewed": _l("Evaluatie vastgelegd"),
    "review_frequency_set": _l("Evaluatiefrequentie aangepast"),
    "review_reminder_sent": _l("Herinnering voor de evaluatie verstuurd"),
    "complaint_registered": _l("Klacht geregistreerd"),
    "complaint_resolved": _l("Klacht afgehandeld"),
    "assignment_ended": _l("Toewijzing beëindigd"),
    "survey_submitted": _l("Vragenlijst van de cliënt ingevuld"),
    "offer_assessed": _l("Plan van aanpak beoordeeld"),
    "max_price_above_table": _l("Maximumtarief boven de tarieventabel"),
    "draft_updated": _l("Concept aangepast"),
    "marked_not_personal": _l("Melding als geen persoonsgegeven aangemerkt"),
    "retention_changed": _l("Bewaartermijn van cliëntgegevens aangepast"),
    # A provider's admission (marketplace.providers.onboarding, .evidence).
    "organisation_registered": _l("Zorgaanbieder geregistreerd"),
    "admission_requested": _l("Toelating aangevraagd"),
    "organisation_approved": _l("Zorgaanbieder toegelaten"),
    "organisation_suspended": _l("Zorgaanbieder geschorst"),
    "evidence_uploaded": _l("Bewijsstuk geüpload"),
    "evidence_expired": _l("Bewijsstuk verlopen"),
    # The gemeente's own setup (marketplace.gemeente).
    "gemeente_created": _l("Gemeente aangemaakt"),
    "catalogue_entry_added": _l("Catalogus: onderdeel toegevoegd"),
    "catalogue_entry_changed": _l("Catalogus: onderdeel gewijzigd"),
    "tariff_changed": _l("Tarief gewijzigd"),
    "floor_percent_changed": _l("Ondergrens (percentage van het maximumtarief) gewijzigd"),
    "setting_changed": _l("Instelling gewijzigd"),
    # Staff and accounts (marketplace.gemeente.staff, marketplace.providers.own_account).
    "staff_invited": _l("Medewerker uitgenodigd"),
    "staff_invitation_resent": _l("Uitnodiging opnieuw verstuurd"),
    "staff_deactivated": _l("Medewerker gedeactiveerd"),
    "staff_reactivated": _l("Medewerker weer geactiveerd"),
    "invitation_accepted": _l("Uitnodiging aanvaard"),
    "password_reset_requested": _l("Wachtwoordherstel aangevraagd"),
    "password_reset": _l("Wachtwoord hersteld"),
    "password_changed": _l("Wachtwoord gewijzigd"),
    "email_change_requested": _l("Wijziging van het e-mailadres aangevraagd"),
    "email_changed": _l("E-mailadres gewijzigd"),
}
SYSTEM_ACTORS = {"scheduler": _l("Zorgbod (planner)"), "system": _l("Zorgbod"), "client": _l("Cliënt")}
DETAIL_LABELS = {
    "reference": _l("kenmerk"), "status": _l("status"), "expires_at": _l("geldig tot"),
    "bid_id": _l("aanbieding"), "on_behalf_of_client": _l("namens de cliënt"), "price_cents": _l("prijs"),
    "lowest_price_cents": _l("laagste prijs"),
    "motivation": _l("motivering"), "reason": _l("reden"), "label": _l("letter"), "revision": _l("versie"),
    "previous_closes_at": _l("sloot eerst op"), "closes_at": _l("sluit op"), "opens_at": _l("opent op"),
    "offers": _l("aanbiedingen"), "lateness_ms": _l("vertraging (ms)"), "category": _l("categorie"),
    "fields": _l("gegevens"), "retention_months": _l("bewaartermijn (maanden)"),
    "period_ended_on": _l("termijn liep vanaf"), "client_codes_removed": _l("cliëntcodes verwijderd"),
    "client_tokens_removed": _l("cliënttoegang ingetrokken"),
    "client_tokens_revoked": _l("cliënttoegang ingetrokken"),
    "withdrawn_bid_id": _l("na intrekking van aanbieding"),
    "started_on": _l("gestart op"), "offered_start_date": _l("aangeboden start"),
    "zrm_domains": _l("ZRM-domeinen gescoord"), "reviewed_on": _l("evaluatiedatum"), "outcomes": _l("uitkomsten"),
    "next_review_on": _l("volgende evaluatie"), "review_id": _l("evaluatie"),
    "review_every_weeks": _l("evalueren elke zoveel weken"), "previous_review_every_weeks": _l("eerder elke zoveel weken"),
    "number": _l("klacht"), "about": _l("over"), "received_on": _l("ontvangen op"), "resolved_on": _l("afgehandeld op"),
    "ended_on": _l("beëindigd op"), "end_reason": _l("reden"), "follow_up_request_id": _l("vervolgaanvraag"),
    "follows_request_id": _l("vervolg op aanvraag"), "excluded_organisation_id": _l("uitgesloten aanbieder"),
    "comment": _l("met opmerking"), "due_on": _l("gepland op"), "recipients": _l("ontvangers"),
    "approach": _l("plan van aanpak (1-5)"), "previous_approach": _l("eerder beoordeeld"),
    "score": _l("score"), "best_score": _l("hoogste score"), "award_criteria": _l("gunningscriteria"),
    "max_price_cents": _l("maximumtarief"), "table_price_cents": _l("volgens de tarieventabel"),
}
# The award criteria (marketplace.quality.scoring.CRITERIA).
CRITERION_LABELS = {"price": _l("Prijs"), "start_date": _l("Startdatum"), "approach": _l("Plan van aanpak"),
                    "record": _l("Ervaring in de gemeente")}
# Why the client's data was opened or erased (the access log stores these codes).
REASON_LABELS = {
    "consultant request page": _l("Aanvraagpagina van de consulent"),
    "award view": _l("Gunning opgevraagd via de API"),
    "award page": _l("Gunningspagina van de aanbieder"),
    "export": _l("Inzage (AVG artikel 15) gemaakt"),
    "retention": _l("Bewaartermijn verstreken"),
    "follow-up request": _l("Overgenomen in de vervolgaanvraag (cliënt wisselt van aanbieder)"),
}
ROLE_LABELS = {"consultant": _l("Consulent"), "admin": _l("Functioneel beheerder"),
               "provider": _l("Medewerker zorgaanbieder")}
CLIENT_FIELD_LABELS = {"name": _l("Naam"), "bsn": _l("BSN"), "address": _l("Adres"), "phone": _l("Telefoon"),
                       "date_of_birth": _l("Geboortedatum"), "notes": _l("Notities")}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def visibility_label(visibility: str) -> str:
    return str(VISIBILITY_LABELS.get(visibility, visibility))


def approval_label(status: str) -> str:
    return str(APPROVAL_LABELS.get(status, status))


def audit_action(action: str) -> str:
    return str(AUDIT_ACTIONS.get(action, action.replace("_", " ")))


def reason_label(reason: str | None) -> str:
    return str(REASON_LABELS.get(reason, reason or "—"))


def role_label(role: str | None) -> str:
    return str(ROLE_LABELS.get(role, role or ""))


def client_fields_label(fields) -> str:
    return ", ".join(str(CLIENT_FIELD_LABELS.get(f, f)) for f in fields or ()) or "—"


def actor_label(actor: str, names: dict[str, str]) -> str:
    return names.get(actor) or str(SYSTEM_ACTORS.get(actor) or actor)


def detail_items(details: dict | None, bid_names: dict[int, str]) -> list[tuple[str, str]]:
    items = []
    details = details or {}
    read = "fields" in details  # a read of client data: the actor column already says who
    for key, value in details.items():
        if value is None or key == "at" or (read and key in ("role", "organisation_id")):
            continue
        if key == "fields":
            shown = client_fields_label(value)
        elif key == "reason" and value in REASON_LABELS:
            shown = reason_label(value)
        elif key.endswith("_cents") and isinstance(value, int):
            shown = format_eur(value)
        elif key.endswith("_at") and isinstance(value, str):
            shown = local(value)
        elif key.endswith("_on") and isinstance(value, str):
            shown = nl_date(value)
        elif key == "bid_id":
            shown = bid_names.get(value, f"#{value}")
        elif key == "award_criteria" and isinstance(value, dict):
            shown = ", ".join(f"{CRITERION_LABELS.get(name, name)} {weight}" for name, weight in value.items())
        elif key == "status":
            shown = status_label(value)
        elif key == "outcomes" and isinstance(value, dict):
            shown = ", ".join(f"{code}: {translate(OUTCOME_LABELS.get(outcome, outcome))}"
                              for code, outcome in value.items())
        elif key == "end_reason" and value in END_REASON_LABELS:
            shown = translate(END_REASON_LABELS[value])
        elif isinstance(value, bool):
            shown = _("ja") if value else _("nee")
        else:
            shown = str(value)
        items.append((str(DETAIL_LABELS.get(key, key)), shown))
    return items
