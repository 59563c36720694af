"""Personal data in free text as scan() reports it with the deduce child process: per field, with
offsets into it, and on a table of Dutch sentences as a Wmo consultant writes them
(tests/support/personal_data_table.py), each with the findings it must produce. Precision and
recall on the table are printed at the end of every run ("measurements"). The `detector`
fixture (conftest.py) is one child for the whole run."""
import pytest

from marketplace.privacy import KINDS, DetectorUnavailable, Finding, NameDetector, scan
from tests.support.personal_data_table import ROWS, TODAY, Row


def spans(text, expected):
    found = []
    for kind, part in expected:
        assert text.count(part) == 1, f"{part!r} must occur once in {text!r}"
        start = text.index(part)
        found.append((kind, start, start + len(part), part))
    return found


def judge(row: Row, findings: list[Finding]):
    """(missed, extra): expected findings with no finding of the same kind overlapping them,
    and findings with no expected one of the same kind overlapping them."""
    wanted = spans(row.text, row.expected)

    def matches(f, w):
        return f.kind == w[0] and f.start < w[2] and w[1] < f.end

    missed = [w for w in wanted if not any(matches(f, w) for f in findings)]
    extra = [f for f in findings if not any(matches(f, w) for w in wanted)]
    return missed, extra


# --- scan() --------------------------------------------------------------------------------

def test_scan_reports_per_field_with_offsets_into_that_field(detector):
    fields = {"description": "Mevrouw Bakker heeft hulp nodig. Bel 06-12345678.",
              "approach": "Begeleiding op dinsdag.",
              "notes": "Woont aan de Kerkstraat 12 in Kampen."}
    findings = scan(fields, detector, TODAY)
    assert [(f.field, f.kind, f.text) for f in findings] == [
        ("description", "person", "Bakker"), ("description", "phone", "06-12345678"),
        ("notes", "location", "Kerkstraat 12"), ("notes", "location", "Kampen")]
    for f in findings:
        assert fields[f.field][f.start:f.end] == f.text
    assert findings[0].to_dict() == {"field": "description", "kind": "person", "start": 8, "end": 14,
                                     "text": "Bakker"}


def test_a_structured_finding_takes_its_characters_from_deduces(detector):
    [postcode, place] = scan({"d": "Het adres is 8011 AB Zwolle."}, detector, TODAY)
    assert (postcode.kind, postcode.text, place.kind, place.text) == ("postcode", "8011 AB", "location", "Zwolle")


def test_an_unavailable_detector_scans_nothing():
    with pytest.raises(DetectorUnavailable):
        scan({"d": "Mevrouw Bakker, 06-12345678."}, NameDetector(), TODAY)
    assert scan({"d": "", "e": "   "}, NameDetector(), TODAY) == []  # nothing to ask deduce


# --- the table -----------------------------------------------------------------------------

def row_params():
    for i, row in enumerate(ROWS):
        marks = [pytest.mark.xfail(strict=True, reason=row.known_miss)] if row.known_miss else []
        yield pytest.param(row, id=f"{i:02d}-{row.text[:40]}", marks=marks)


@pytest.mark.parametrize("row", list(row_params()))
def test_the_table(row, detector):
    missed, extra = judge(row, scan({"d": row.text}, detector, TODAY))
    assert not missed and not extra, f"missed {missed}, false positives {[(f.kind, f.text) for f in extra]}"


def test_the_table_is_big_and_varied_enough():
    assert len(ROWS) >= 40
    assert sum(1 for row in ROWS if not row.expected) >= 15
    kinds = {kind for row in ROWS for kind, _ in row.expected}
    assert kinds == set(KINDS)


# Recall protects the client (a miss gets published), precision the consultant (a false alarm
# costs a rewrite). Every row is also its own test above; these floors stop the rows marked
# as known misses from quietly piling up.
MIN_RECALL = 0.95
MIN_PRECISION = 0.90


def test_precision_and_recall_on_the_table(detector, record_property):
    true_pos = false_pos = false_neg = 0
    for row in ROWS:
        findings = scan({"d": row.text}, detector, TODAY)
        missed, extra = judge(row, findings)
        false_neg += len(missed)
        false_pos += len(extra)
        true_pos += len(findings) - len(extra)
    expected = sum(len(row.expected) for row in ROWS)
    recall = (expected - false_neg) / expected
    precision = true_pos / (true_pos + false_pos)
    record_property("summary", f"personal data table: {len(ROWS)} sentences, {expected} expected findings; "
                               f"precision {precision:.3f} ({false_pos} false positives), "
                               f"recall {recall:.3f} ({false_neg} missed)")
    assert recall >= MIN_RECALL and precision >= MIN_PRECISION
