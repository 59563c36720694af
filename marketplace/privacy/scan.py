"""scan(): the personal data in a request's free-text fields, from the exact patterns and from
deduce, with deduce's known mistakes on ordinary Wmo language corrected."""
import re
from datetime import date

from .findings import INSTITUTION, LOCATION, PERSON, Finding
from .names import NameDetector
from .patterns import Match, find_ages, find_neighbourhoods, find_streets, find_structured, overlaps

# Words deduce has taken for a name that are not one in a Wmo request: shops and companies
# clients go to, and the vocabulary of the Wmo itself. Not a list of names to detect; shops
# that are also common names (Dirk, Deen, Poiesz) stay out, a name weighs more.
NOT_A_PERSON = {
    "albert heijn", "jumbo", "lidl", "aldi", "plus", "hema", "action", "kruidvat", "etos", "blokker", "coop",
    "spar", "vomar", "hoogvliet", "dekamarkt", "nettorama", "gamma", "praxis",
    "karwei", "ikea", "zeeman", "wibra", "bol", "picnic", "thuisbezorgd", "valys", "regiotaxi", "ns",
    "wmo", "wlz", "zvw", "ggz", "uwv", "svb", "cak", "cjg", "pgb", "zin", "wijkteam", "begeleiding",
    "dagbesteding", "mantelzorg", "mantelzorger", "thuiszorg", "huishoudelijke hulp", "huisarts",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december",
}
# A word that makes the capitalised words after it an organisation's name ("Zorggroep Sint
# Maarten", "Stichting De Boog"), which deduce may have read as a person or a place.
ORGANISATION_WORDS = (
    "stichting", "zorggroep", "zorgcentrum", "woonzorgcentrum", "verpleeghuis", "verzorgingshuis",
    "zorginstelling", "thuiszorg", "thuiszorgorganisatie", "ziekenhuis", "kliniek", "huisartsenpraktijk",
    "gezondheidscentrum", "revalidatiecentrum", "zorgboerderij", "woongroep", "hospice", "zorgorganisatie",
    "instelling", "dagcentrum", "activiteitencentrum", "woonvoorziening",
)
_ORGANISATION = re.compile(r"(?:" + "|".join(ORGANISATION_WORDS) + r")\s+", re.I)
_ORGANISATION_BEFORE = re.compile(r"(?<![\w])(?:" + "|".join(ORGANISATION_WORDS) + r")\s+$", re.I)
# A title before a name stays in the text: the consultant may keep "mevrouw" and drop the name.
_TITLE = re.compile(r"(?:mevrouw|mevr\.|mw\.|meneer|mnr\.|dhr\.|de heer|dr\.|drs\.|mr\.|ir\.|zoon|dochter|"
                    r"broer|zus|neef|nicht|oom|tante|opa|oma|kleinzoon|kleindochter|buurman|buurvrouw|partner|"
                    r"mantelzorger|huisarts|casemanager)\s+", re.I)
_WORD = re.compile(r"[^\s,;:()]+")
_TITLE_BEFORE = re.compile(r"(?<![\w])" + _TITLE.pattern + r"$", re.I)
# The municipality buying the support is not the client's address.
_MUNICIPALITY_BEFORE = re.compile(r"\bgemeente\s+$", re.I)


def scan(fields: dict[str, str], detector: NameDetector, today: date | None = None) -> list[Finding]:
    """Every finding in the fields, sorted by field then start. Raises DetectorUnavailable
    when deduce cannot answer: a text is scanned completely or not at all."""
    findings = []
    for field, text in fields.items():
        if not text or not text.strip():
            continue
        findings.extend(Finding(field, kind, start, end, found)
                        for kind, start, end, found in scan_text(text, detector, today))
    return sorted(findings, key=lambda f: (f.field, f.start, f.end))


def scan_text(text: str, detector: NameDetector, today: date | None = None) -> list[Match]:
    structured = find_structured(text, today)
    names = [correct(m, text) for m in detector.find(text) if keep(m, text)]
    # A structured finding is exact: where it overlaps deduce's, deduce keeps only the rest.
    merged = structured + [part for m in names for part in outside(m, structured, text)]
    for extra in (find_streets, find_neighbourhoods, find_ages):
        merged += [m for m in extra(text) if not any(overlaps(m, other) for other in merged)]
    return sorted(merged, key=lambda m: (m[1], m[2]))


def keep(match: Match, text: str) -> bool:
    """False for deduce's known mistakes on Wmo language."""
    kind, start, end, found = match
    if kind == PERSON:
        inner = _TITLE.match(found)
        name = found[inner.end():] if inner else found
        if not any(c.isupper() for c in name):
            return False
        # "Mevrouw Zeeman", "meneer Bol": after a title it is a surname, even one a shop bears.
        titled = inner or _TITLE_BEFORE.search(text, 0, start)
        return bool(titled) or name.strip(" ,.").lower() not in NOT_A_PERSON
    if kind == LOCATION:
        return not _MUNICIPALITY_BEFORE.search(text, 0, start)
    return True


def correct(match: Match, text: str) -> Match:
    """An organisation's name as an institution, with its "Stichting"; a person's name
    without the "mevrouw" before it."""
    kind, start, end, found = match
    if kind in (PERSON, LOCATION):
        before = _ORGANISATION_BEFORE.search(text, 0, start)
        if before or _ORGANISATION.match(found):
            start = before.start() if before else start
            return INSTITUTION, start, end, text[start:end]
    if kind == PERSON:
        title = _TITLE.match(text, start, end)
        if title:
            start = title.end()
        # deduce sometimes runs on into the next words ("Jansen aan de Dorpsstraat"): a name
        # ends in a capitalised word, never in "aan de" ("van der" only comes before one).
        words = list(_WORD.finditer(text, start, end))
        while len(words) > 1 and not words[-1].group()[0].isupper():
            words.pop()
        if words:
            end = words[-1].end()
        return PERSON, start, end, text[start:end]
    return match


def outside(match: Match, structured: list[Match], text: str) -> list[Match]:
    """The parts of a deduce finding that no structured finding covers ("8011 AB Zwolle"
    becomes postcode "8011 AB" and place "Zwolle"); a part needs a letter to mean anything."""
    kind, start, end, _ = match
    covering = [other for other in structured if overlaps(match, other)]
    if not covering:
        return [match]
    pieces = [(start, end)]
    for other in covering:
        pieces = [piece for a, b in pieces
                  for piece in ((a, min(b, other[1])), (max(a, other[2]), b)) if piece[0] < piece[1]]
    result = []
    for a, b in pieces:
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not (text[b - 1].isalnum() or text[b - 1] == "."):
            b -= 1
        if any(c.isalpha() for c in text[a:b]):
            result.append((kind, a, b, text[a:b]))
    return result
