"""Personal data in free text found by exact patterns (BSN with its 11-proef, IBAN, postcode,
phone, e-mail, birth date, labelled numbers, and what deduce leaves out), and every kind's label
in Dutch with its English translation."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from marketplace.auction.errors import Text
from marketplace.privacy import KINDS, LABELS, patterns
from tests.support.personal_data_table import TODAY

# --- the exact patterns --------------------------------------------------------------------

def texts(matches):
    return [(kind, text) for kind, _, _, text in matches]


@pytest.mark.parametrize("text, expected", [
    ("BSN 111222333.", ["111222333"]),
    ("bsn: 111.222.333", ["111.222.333"]),
    ("bsn 111 222 333 in het dossier", ["111 222 333"]),
    ("paspoort: 1112.22.333", ["1112.22.333"]),
    ("123456789 faalt de 11-proef", []),
    ("1112223334 is te lang", []),
    ("€ 111.222.333,00", []),
])
def test_a_bsn_is_nine_digits_passing_the_11_proef(text, expected):
    assert [t for _, t in texts(patterns.find_bsn(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("van NL91ABNA0417164300 af", ["NL91ABNA0417164300"]),
    ("van NL91 ABNA 0417 1643 00 af", ["NL91 ABNA 0417 1643 00"]),
    ("NL91 ABNA 0417 1643 00 BSN bekend", ["NL91 ABNA 0417 1643 00"]),
    ("NL91ABNA0417164301 (tikfout)", []),
])
def test_an_iban_needs_a_valid_checksum(text, expected):
    assert [t for _, t in texts(patterns.find_iban(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("1234 AB Zwolle", ["1234 AB"]),
    ("adres: 1234AB 12, achterdeur", ["1234AB 12"]),
    ("7711 CD 5a", ["7711 CD 5a"]),
    ("postcode 8011ab", ["8011ab"]),
    ("1000mg paracetamol", []),
    ("in 2024 en 2025", []),
    ("1234 SS", []),
])
def test_a_postcode_with_or_without_its_house_number(text, expected):
    assert [t for _, t in texts(patterns.find_postcodes(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("bel 06-12345678", ["06-12345678"]),
    ("bel 020-1234567", ["020-1234567"]),
    ("bel +31 6 12345678", ["+31 6 12345678"]),
    ("bel 0031 20 123 4567", ["0031 20 123 4567"]),
    ("bel (038) 421 56 78", ["(038) 421 56 78"]),
    ("bel +31 (0)6-12345678", ["+31 (0)6-12345678"]),
    ("bel 0612345678.", ["0612345678"]),
    ("geboren 12-03-1948", []),
    ("gesprek 05-06-2023 10:00", []),
    ("bsn 111222333", []),
    ("06-1234567 (een cijfer te weinig)", []),
])
def test_dutch_phone_numbers(text, expected):
    assert [t for _, t in texts(patterns.find_phones(text))] == expected


def test_email_addresses():
    assert texts(patterns.find_emails("mail j.devries@example.nl of info@wijkteam-zwolle.nl.")) == [
        ("email", "j.devries@example.nl"), ("email", "info@wijkteam-zwolle.nl")]
    assert patterns.find_emails("overleg @ het wijkteam") == []


@pytest.mark.parametrize("text, expected", [
    ("geboren 12-03-1948", ["12-03-1948"]),
    ("geboren 12 maart 1948", ["12 maart 1948"]),
    ("geboren 12 mrt. 1948", ["12 mrt. 1948"]),
    ("geboren 1948-03-12", ["1948-03-12"]),
    ("geb. 12-03-48", ["12-03-48"]),
    ("start per 1 januari 2027", []),
    ("evaluatie 15-01-2027", []),
    ("op dinsdag, over drie weken", []),
    ("in maart 1948", []),
    ("31-02-1948 bestaat niet", []),
    ("verhoging 12-03-48", []),  # a two-digit year only counts after "geb."/"geboren"
])
def test_a_birth_date_is_a_full_date_before_today(text, expected):
    assert [t for _, t in texts(patterns.find_birth_dates(text, TODAY))] == expected


@pytest.mark.parametrize("text, expected", [
    ("Dossiernummer 20384751 bij het loket", ["20384751"]),
    ("klantnr. 12345", ["12345"]),
    ("zaaknummer Z-2026-12345", ["Z-2026-12345"]),
    ("huisnummer 12", []),
    ("het getal 20384751 alleen", []),
])
def test_a_number_is_an_identifier_only_where_the_text_names_it(text, expected):
    assert [t for _, t in texts(patterns.find_labelled_numbers(text))] == expected


@pytest.mark.parametrize("finder, text, expected", [
    (patterns.find_streets, "Ze woont aan de Molenweg, vlak bij de kerk.", ["Molenweg"]),
    (patterns.find_streets, "op het Stationsplein 3a in Meppel", ["Stationsplein 3a"]),
    (patterns.find_streets, "Eerst naar de Markt, dan naar de Belastingdienst.", []),
    (patterns.find_neighbourhoods, "Hij woont in de wijk Holtenbroek.", ["Holtenbroek"]),
    (patterns.find_neighbourhoods, "Zij woont in de buurt van haar dochter.", []),
    (patterns.find_ages, "Meneer is 79 en woont alleen.", ["79"]),
    (patterns.find_ages, "Mevrouw Smit (82) valt vaak.", ["82"]),
    (patterns.find_ages, "Het budget is 40 euro per week; zij is 3 uur per dag bezig.", []),
])
def test_what_deduce_leaves_out(finder, text, expected):
    """Streets without a number, neighbourhoods, ages without "jaar": scan() adds these where
    deduce found nothing."""
    assert [t for _, t in texts(finder(text))] == expected


def test_structured_findings_do_not_overlap_and_the_more_exact_one_wins():
    text = "Burgerservicenummer: 111.222.333, telefoonnummer 06-12345678, rekeningnummer NL91ABNA0417164300."
    assert texts(patterns.find_structured(text, TODAY)) == [
        ("bsn", "111.222.333"), ("phone", "06-12345678"), ("iban", "NL91ABNA0417164300")]


# --- kinds and labels ----------------------------------------------------------------------

def test_every_kind_has_a_dutch_label_with_an_english_translation():
    po = Path(__file__).resolve().parents[2] / "marketplace/translations/en/LC_MESSAGES/messages.po"
    catalogue = read_po(po.open("rb"))
    assert set(LABELS) == set(KINDS)
    for kind, label in LABELS.items():
        assert isinstance(label, Text), kind
        assert catalogue.get(label.msgid) and catalogue.get(label.msgid).string, f"{label.msgid!r} is not translated"
