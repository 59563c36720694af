"""Personal data in free text: exact patterns (BSN, IBAN, postcode, phone, e-mail, birth date,
dossier number) and deduce in a child process (names, addresses, places, institutions, ages).

detection.py holds this process's one scanner (import it by name; this file does not). No Flask:
imports the standard library, stdnum, deduce (in the child only) and auction.errors' Text.
Publishing refuses a request while scan() finds anything in its free text."""
from .findings import KINDS, LABELS, Finding
from .names import DetectorUnavailable, NameDetector
from .scan import scan

__all__ = ["KINDS", "LABELS", "DetectorUnavailable", "Finding", "NameDetector", "scan"]
