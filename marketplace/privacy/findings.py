"""What the detector reports: a `Finding` per piece of personal data in a free-text field, its
stable kind code (used in the API), and a Dutch label for each kind."""
from dataclasses import dataclass

from marketplace.auction.errors import Text

# Found by exact patterns (patterns.py), no model needed.
BSN = "bsn"                # burgerservicenummer: 9 digits passing the 11-proef, with or without dots/spaces
IBAN = "iban"              # any IBAN with a valid checksum, with or without spaces
POSTCODE = "postcode"      # Dutch postcode, with the house number when it follows
PHONE = "phone"            # Dutch landline and mobile numbers, also +31 / 0031
EMAIL = "email"
BIRTH_DATE = "birth_date"  # a full date (day, month, year) that lies in the past
IDENTIFIER = "identifier"  # a number of 5+ digits right after a word like dossiernummer, klantnr, kenmerk
# Found by deduce in a child process (names.py), then filtered for Wmo language (scan.py).
PERSON = "person"
LOCATION = "location"        # street with or without house number, place, postbus
INSTITUTION = "institution"  # hospital or care institution
AGE = "age"                  # "87 jaar", "92-jarige"

KINDS = (BSN, IBAN, POSTCODE, PHONE, EMAIL, BIRTH_DATE, IDENTIFIER, PERSON, LOCATION, INSTITUTION, AGE)

LABELS = {
    BSN: Text("BSN"),
    IBAN: Text("rekeningnummer"),
    POSTCODE: Text("postcode"),
    PHONE: Text("telefoonnummer"),
    EMAIL: Text("e-mailadres"),
    BIRTH_DATE: Text("mogelijke geboortedatum"),
    IDENTIFIER: Text("dossier- of klantnummer"),
    PERSON: Text("naam"),
    LOCATION: Text("adres of plaats"),
    INSTITUTION: Text("zorginstelling of ziekenhuis"),
    AGE: Text("leeftijd"),
}


@dataclass(frozen=True)
class Finding:
    """Personal data at text[start:end] of one field (character offsets, as the API reports them)."""

    field: str
    kind: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"field": self.field, "kind": self.kind, "start": self.start, "end": self.end, "text": self.text}
