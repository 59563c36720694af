"""Dutch identifiers: BSN (elfproef), KvK number and AGB code (8 digits each)."""
import re

from stdnum.nl import bsn

EIGHT_DIGITS = re.compile(r"^[0-9]{8}$")


def is_valid_bsn(value: str) -> bool:
    """Nine digits passing the 11-proef (dots and spaces allowed). python-stdnum alone would
    also accept eight digits, padding a zero; a BSN as written has nine."""
    digits = re.sub(r"[ .]", "", value or "")
    return len(digits) == 9 and digits.isdigit() and bsn.is_valid(digits)


def is_eight_digits(value: str) -> bool:
    return bool(EIGHT_DIGITS.match(value or ""))
