"""Structured personal data found by exact patterns and checksums (python-stdnum): BSN, IBAN,
postcode, phone number, e-mail address, possible birth date, labelled dossier numbers; and
what deduce leaves out: streets without a house number, named neighbourhoods, ages without "jaar".

Pure functions, no model: each returns (kind, start, end, text) tuples for one text."""
import re
from datetime import date

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from .findings import AGE, BIRTH_DATE, BSN, EMAIL, IBAN, IDENTIFIER, LOCATION, PHONE, POSTCODE

Match = tuple[str, int, int, str]

# 9 digits, or the groupings people copy from a passport or letter (111.222.333, 1112.22.333,
# 111 22 33 33); a separator must repeat, so "in 2024 12 uur" stays two numbers.
_BSN = re.compile(r"(?<![\w.,])(?:\d{9}|\d{3}([. ])\d{3}\1\d{3}|\d{4}([. ])\d{2}\2\d{3}|\d{3}([. ])\d{2}\3\d{2}\3\d{2})"
                  r"(?!\w|[.,]\d)")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![\w])", re.I)
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})(?![\w])")
_HOUSE_NUMBER = re.compile(r",? ?\d{1,5}(?:[ -]?[A-Za-z](?![\w]))?(?![\w])")
# Units glued to a number that look like a postcode's letters: "1000mg", "2000ml".
_UNITS = {"mg", "ml", "kg", "km", "cm", "mm", "gr", "st", "pm", "am", "uu", "ct", "cl", "dl"}
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[ \-]?(?:\(0\)[ \-]?)?|\(?0)[1-9](?:(?:\s?[.\-/]\s?|\s|\)\s?)?\d){8}(?![\w])")
_DATE_LIKE = re.compile(r"\(?0[1-9][-/.](?:0?[1-9]|1[0-2])[-/.]")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
           "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
           "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_DMY = re.compile(r"(?<![\d.])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
_YMD = re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])")
_WRITTEN = re.compile(r"(?<![\w])(\d{1,2})e?\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
                      + r")\.?\s+(\d{4})(?![\d])", re.I)
# A two-digit year ("12-03-48") is only a birth date when the text says so just before it.
_BORN_BEFORE = re.compile(r"\bgeb(?:oren|oortedatum|\.)?\b[^\n\d]{0,20}$", re.I)
# deduce reports a street only with its house number; "woont aan de Molenweg" is an address too.
_STREET = re.compile(r"(?<![\w])(?:aan|op|in|bij|naar|van|vanaf|langs)\s+(?:de\s+|het\s+)?"
                     r"(?P<street>[A-Z][a-z\u00e0-\u00ff]+(?:straat|weg|laan|plein|singel|gracht|dijk|kade|steeg|dreef|hof|"
                     r"pad|markt|plantsoen|boulevard|wal|dam)(?:\s+\d{1,4}(?:\s?[a-zA-Z](?![\w]))?)?)(?![\w])")
# Neither is a street nor a place in deduce's lists: "in de wijk Holtenbroek".
_NEIGHBOURHOOD = re.compile(r"(?<![\w])(?:wijk|woonwijk|buurt|stadsdeel|dorp|buurtschap)\s+"
                            r"(?P<place>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")
# deduce finds an age with "jaar" or "-jarige" after it; people also write "meneer is 79 en"
# or "mevrouw Smit (82)".
_AGE_IS = re.compile(r"(?<![\w])(?:meneer|mevrouw|cli[eë]nt|hij|zij|ze|partner|man|vrouw|moeder|vader|dochter|zoon|"
                     r"broer|zus|mantelzorger)\s+(?:is|wordt|werd)\s+(?:nu\s+|inmiddels\s+|zelf\s+|bijna\s+)?"
                     r"(?P<age>\d{1,3})(?=\s*(?:[,;:)]|\.(?!\d)|$|en\s|maar\s|of\s))", re.I)
_AGE_IN_BRACKETS = re.compile(r"(?<=[A-Za-z\u00c0-\u024f.])\s+\((?P<age>\d{2,3})\)")
_LABELLED_NUMBER = re.compile(r"(?<![\w])(?:\w*nummer|\w*nr\.?|kenmerk|dossier|registratie)\s*[:.#]?\s*"
                              r"(?P<id>[A-Z]{0,4}-?\d[\d\-./]*\d)(?![\w])", re.I)


def find_bsn(text: str) -> list[Match]:
    """A 9-digit number that fails the 11-proef is not a BSN (it is likely an amount or a typo)."""
    return [(BSN, m.start(), m.end(), m.group()) for m in _BSN.finditer(text) if stdnum_bsn.is_valid(m.group())]


def find_iban(text: str) -> list[Match]:
    found = []
    for m in _IBAN.finditer(text):
        candidate = m.group()
        # A greedy match may have taken a following word in capitals: drop groups from the
        # end until the checksum holds.
        while candidate and not stdnum_iban.is_valid(candidate.upper()):
            candidate = candidate.rsplit(" ", 1)[0] if " " in candidate else ""
        if candidate:
            found.append((IBAN, m.start(), m.start() + len(candidate), candidate))
    return found


def find_postcodes(text: str) -> list[Match]:
    found = []
    for m in _POSTCODE.finditer(text):
        code = m.group()
        if (code[-2:].islower() and code[-2:] in _UNITS) or not stdnum_postcode.is_valid(code.upper()):
            continue
        end = m.end()
        number = _HOUSE_NUMBER.match(text, end)
        if number:
            end = number.end()
        found.append((POSTCODE, m.start(), end, text[m.start():end]))
    return found


def find_phones(text: str) -> list[Match]:
    return [(PHONE, m.start(), m.end(), m.group()) for m in _PHONE.finditer(text) if not _DATE_LIKE.match(m.group())]


def find_emails(text: str) -> list[Match]:
    return [(EMAIL, m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]


def find_birth_dates(text: str, today: date | None = None) -> list[Match]:
    """Full dates (day, month and year) before today: they can be someone's birth date.

    A start date ahead ("per 1 januari 2027"), a weekday, a month or a year alone is not."""
    today = today or date.today()
    found = []

    def add(m, year: int, month: int, day: int) -> None:
        try:
            when = date(year, month, day)
        except ValueError:
            return
        if date(1880, 1, 1) <= when < today:
            found.append((BIRTH_DATE, m.start(), m.end(), m.group()))

    for m in _DMY.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
        if len(year) == 2:
            if not _BORN_BEFORE.search(text, 0, m.start()):
                continue
            year = f"19{year}" if int(f"20{year}") > today.year else f"20{year}"
        add(m, int(year), month, day)
    for m in _YMD.finditer(text):
        add(m, int(m.group(1)), int(m.group(3)), int(m.group(4)))
    for m in _WRITTEN.finditer(text):
        add(m, int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return found


def find_labelled_numbers(text: str) -> list[Match]:
    """A dossier, client or case number: a number of at least 5 digits right after a word
    that names it ("dossiernummer 20384751", "klantnr. 12345"). A bare number is left alone."""
    found = []
    for m in _LABELLED_NUMBER.finditer(text):
        if sum(c.isdigit() for c in m.group("id")) >= 5:
            found.append((IDENTIFIER, m.start("id"), m.end("id"), m.group("id")))
    return found


def find_streets(text: str) -> list[Match]:
    """A street named after a preposition ("aan de Molenweg", "op het Stationsplein 3"). Not
    part of find_structured: deduce knows better when such a word names an institution
    ("in het Zonnehof"), so scan() adds these only where deduce found nothing."""
    return [(LOCATION, m.start("street"), m.end("street"), m.group("street")) for m in _STREET.finditer(text)]


def find_neighbourhoods(text: str) -> list[Match]:
    """A named neighbourhood or village ("in de wijk Holtenbroek"); scan() adds these only where
    deduce found nothing."""
    return [(LOCATION, m.start("place"), m.end("place"), m.group("place")) for m in _NEIGHBOURHOOD.finditer(text)]


def find_ages(text: str) -> list[Match]:
    """An age without "jaar" after it: "meneer is 79 en ...", "mevrouw Smit (82)". scan() adds
    these only where deduce found nothing."""
    found = []
    for pattern in (_AGE_IS, _AGE_IN_BRACKETS):
        for m in pattern.finditer(text):
            if 1 <= int(m.group("age")) <= 115:
                found.append((AGE, m.start("age"), m.end("age"), m.group("age")))
    return found


# When two patterns claim the same characters, the more specific one wins.
_FINDERS = (find_emails, find_iban, find_bsn, find_birth_dates, find_phones, find_postcodes, find_labelled_numbers)


def find_structured(text: str, today: date | None = None) -> list[Match]:
    """Every structured finding in the text (streets aside), without overlaps, in text order."""
    kept: list[Match] = []
    for finder in _FINDERS:
        matches = finder(text, today) if finder is find_birth_dates else finder(text)
        for match in matches:
            if not any(overlaps(match, other) for other in kept):
                kept.append(match)
    return sorted(kept, key=lambda m: m[1])


def overlaps(a: Match, b: Match) -> bool:
    return a[1] < b[2] and b[1] < a[2]
