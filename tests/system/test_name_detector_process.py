"""The personal-data detector's child process: fast once loaded, the only process that loads
deduce, never writing the text it scans to a log, unavailable until ready, and replaced when it
dies or stops answering."""
import logging
import os
import signal
import sys
import time

import pytest

from marketplace.privacy import DetectorUnavailable, NameDetector, scan
from tests.support.personal_data_table import TODAY

SECRET = "Zwanette Quakernaat woont op de Blekerslaan 17 in Genemuiden, BSN 111222333."


# --- the child process ---------------------------------------------------------------------

def test_the_detector_is_fast_once_loaded(detector, record_property):
    text = ("Mevrouw Bakker woont op de Kerkstraat 12 in Kampen en heeft hulp nodig bij de administratie "
            "en het huishouden. Zij is 87 jaar en onlangs ontslagen uit het Isala ziekenhuis. ") * 2
    text = text[:300]
    started = time.monotonic()
    for _ in range(50):
        detector.find(text)
    per_call = (time.monotonic() - started) / 50
    record_property("summary", f"name detector: loaded in {detector.load_seconds} s, "
                               f"{per_call * 1000:.1f} ms per call of 300 characters")
    assert per_call < 0.5


def test_the_web_process_never_loads_deduce(detector):
    # deduce sets the root logger to DEBUG on import and costs 1 GB: only the child has it.
    detector.find("Mevrouw Bakker")
    assert "deduce" not in sys.modules and "docdeid" not in sys.modules


def test_the_scanned_text_never_reaches_a_log(detector, detector_stderr, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    scan({"d": SECRET}, detector, TODAY)
    with pytest.raises(DetectorUnavailable):
        scan({"d": SECRET}, NameDetector(), TODAY)
    written = detector_stderr.read_text() + caplog.text + "".join(capfd.readouterr())
    for part in ("Quakernaat", "Blekerslaan", "Genemuiden", "111222333"):
        assert part not in written


def test_the_detector_is_unavailable_until_ready_and_restarts_its_child(detector):
    with pytest.raises(DetectorUnavailable):
        NameDetector().find("Mevrouw Bakker")  # never started

    first = detector.pid
    os.kill(first, signal.SIGKILL)
    with pytest.raises(DetectorUnavailable):
        detector.find("Mevrouw Bakker")
    assert not detector.ready or detector.pid != first
    assert detector.wait_ready(180)
    assert detector.pid != first
    assert detector.find("Mevrouw Bakker")[0][0] == "person"


def test_a_child_that_stops_answering_is_replaced(detector):
    stuck = detector.pid
    os.kill(stuck, signal.SIGSTOP)
    detector.call_timeout, timeout = 1.0, detector.call_timeout
    try:
        started = time.monotonic()
        with pytest.raises(DetectorUnavailable):
            detector.find("Mevrouw Bakker")
        assert time.monotonic() - started < 5
    finally:
        detector.call_timeout = timeout
    assert detector.wait_ready(180)
    assert detector.pid != stuck
    assert detector.find("Mevrouw Bakker")[0][0] == "person"
    with pytest.raises(ProcessLookupError):
        os.kill(stuck, 0)  # killed and reaped, not left behind
