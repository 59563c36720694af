"""An assignment's states, the questions asked of them, and the fixed vocabularies of the
follow-up (outcomes, end reasons, ZRM domains) with their Dutch words.

    awarded -> started -> ended
        \\---------------> ended   (before the start: never a switch of provider)

Pure: no Flask, no database."""
from ..auction.errors import Text

AWARDED = "awarded"
STARTED = "started"
ENDED = "ended"
ALL = (AWARDED, STARTED, ENDED)

OUTCOMES = ("achieved", "partly", "not_achieved")
END_REASONS = ("result_achieved", "switch_provider", "moved", "deceased", "other")
SWITCH_PROVIDER = "switch_provider"
COMPLAINT_ABOUT = ("provider", "gemeente")
# The zelfredzaamheidsmatrix's default domains (DOMAIN.md), each scored 1 (acute problems) to
# 5 (fully self-sufficient).
ZRM_DOMAINS = ("financien", "dagbesteding", "huisvesting", "huiselijke_relaties", "geestelijke_gezondheid",
               "lichamelijke_gezondheid", "middelengebruik", "basale_adl", "instrumentele_adl",
               "sociaal_netwerk", "maatschappelijke_participatie", "justitie")
ZRM_MIN, ZRM_MAX = 1, 5
REVIEW_WEEKS_MIN, REVIEW_WEEKS_MAX = 1, 104

STATUS_LABELS = {AWARDED: Text("Gegund, nog niet gestart"), STARTED: Text("Gestart"), ENDED: Text("Beëindigd")}
OUTCOME_LABELS = {"achieved": Text("Behaald"), "partly": Text("Deels behaald"), "not_achieved": Text("Niet behaald")}
END_REASON_LABELS = {
    "result_achieved": Text("Resultaat behaald"),
    "switch_provider": Text("Cliënt wisselt van aanbieder"),
    "moved": Text("Cliënt is verhuisd"),
    "deceased": Text("Cliënt is overleden"),
    "other": Text("Andere reden"),
}
ABOUT_LABELS = {"provider": Text("De aanbieder"), "gemeente": Text("De gemeente")}
ZRM_LABELS = {
    "financien": Text("Financiën"), "dagbesteding": Text("Dagbesteding"), "huisvesting": Text("Huisvesting"),
    "huiselijke_relaties": Text("Huiselijke relaties"), "geestelijke_gezondheid": Text("Geestelijke gezondheid"),
    "lichamelijke_gezondheid": Text("Lichamelijke gezondheid"), "middelengebruik": Text("Middelengebruik"),
    "basale_adl": Text("Basale ADL (zelfzorg)"), "instrumentele_adl": Text("Instrumentele ADL (huishouden)"),
    "sociaal_netwerk": Text("Sociaal netwerk"), "maatschappelijke_participatie": Text("Maatschappelijke participatie"),
    "justitie": Text("Justitie"),
}


def may_start(status: str) -> bool:
    """The actual start is confirmed once, by the winner or the consultant."""
    return status == AWARDED


def may_review(status: str) -> bool:
    """Reviews are about support that is under way: after the start, before the end."""
    return status == STARTED


def may_end(status: str, reason: str | None = None) -> bool:
    """Ending needs support to end; switching provider needs support that started, since what
    is left of the need is counted from the start."""
    if reason == SWITCH_PROVIDER:
        return status == STARTED
    return status in (AWARDED, STARTED)


def may_change_frequency(status: str) -> bool:
    return status in (AWARDED, STARTED)


def survey_open(status: str) -> bool:
    """The client says how the support goes once it has started (also after it ended)."""
    return status in (STARTED, ENDED)
