"""Dutch identifiers: BSN (elfproef), KvK number and AGB code (8 digits each)."""
import re

from stdnum.nl import bsn

EIGHT_DIGITS = re.compile(r"^[0-9]{8}$")


def is_valid_bsn(value: str) -> bool:
    """Nine digits passing the 11-proef; python-stdnum also accepts dots and spaces."""
    return bool(value) and bsn.is_valid(value)


def is_eight_digits(value: str) -> bool:
    return bool(EIGHT_DIGITS.match(value or ""))
