"""The app's own log of a request that failed unexpectedly (marketplace.Zorgbod.log_exception):
Flask would write the request's path, and the path of an e-mailed one-time link holds its
secret; the log gets the path as the access log has it (serving/log_paths.py)."""
import logging
import sys

import pytest

from marketplace.providers import own_account

SECRET = "geheim-token-0123456789"


@pytest.mark.parametrize("target, logged", [
    (f"/wachtwoord-herstellen/{SECRET}", "/wachtwoord-herstellen/..."),
    (f"/uitnodiging/{SECRET}", "/uitnodiging/..."),
    (f"/e-mailadres-bevestigen/{SECRET}", "/e-mailadres-bevestigen/..."),
    (f"/registreren/bevestigen/{SECRET}", "/registreren/bevestigen/..."),
    (f"/aanbieder/aanvragen/3?naam={SECRET}", "/aanbieder/aanvragen/3"),
])
def test_the_error_log_keeps_no_link_secret(app, caplog, target, logged):
    with app.test_request_context(target, method="POST"), caplog.at_level(logging.ERROR):
        try:
            raise RuntimeError("stuk")
        except RuntimeError:
            app.log_exception(sys.exc_info())
    [record] = [r for r in caplog.records if r.name == app.logger.name]
    assert record.getMessage() == f"Exception on {logged} [POST]" and record.exc_info
    assert SECRET not in caplog.text


def test_a_link_page_that_fails_shows_the_error_page_and_logs_no_secret(app, client, caplog, monkeypatch):
    def broken(_session, _token):
        raise RuntimeError("stuk")

    monkeypatch.setattr(own_account, "check_reset_link", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the 500 page, and the log
    with caplog.at_level(logging.ERROR):
        resp = client.get(f"/wachtwoord-herstellen/{SECRET}")
    assert resp.status_code == 500 and "Traceback" not in resp.get_data(as_text=True)
    assert "Exception on /wachtwoord-herstellen/... [GET]" in caplog.text and "RuntimeError: stuk" in caplog.text
    assert SECRET not in caplog.text
