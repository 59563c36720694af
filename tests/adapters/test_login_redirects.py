"""Where the browser goes after login and after the language switch (issue 17, point 8): only
to a page of this site, judged as the browser would read the address."""
import pytest

from marketplace.ui.redirects import safe_next
from tests.support import world

OFF_SITE = [
    "/%09/evil.example",         # Werkzeug (and the browser) drop the tab: //evil.example
    "/%0D%0A/evil.example",      # a line break: answered 500 after logging the user in
    "/%0A/evil.example",
    "/%00/evil.example",
    "/%20/evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "https://evil.example/",
    "https:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "%09//evil.example",
    "/%E2%80%8B/evil.example",   # a zero-width space
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_redirects_off_site(client, target):
    resp = client.post(f"/inloggen?next={target}",
                       data={"email": world.email("consulent"), "password": world.PASSWORD})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"


def test_login_goes_back_to_the_page_asked_for(client):
    resp = client.post("/inloggen?next=/consulent/aanvragen%3Fstatus%3Dopen",
                       data={"email": world.email("consulent"), "password": world.PASSWORD})
    assert resp.headers["Location"] == "/consulent/aanvragen?status=open"


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\r\n/evil.example", "//evil.example",
                                    "/\\evil.example", "https://evil.example", " /x"])
def test_the_language_switch_never_redirects_off_site(client, target):
    resp = client.post("/taal", data={"taal": "en", "next": target})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"


def test_the_language_switch_goes_back_to_the_page(client):
    resp = client.post("/taal", data={"taal": "en", "next": "/inloggen?next=/consulent/aanvragen"})
    assert resp.headers["Location"] == "/inloggen?next=/consulent/aanvragen"


@pytest.mark.parametrize("target", ["/", "/a/b?c=d#e", "/consulent/aanvragen/3"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [None, "", 5, "/\u2028/evil.example", "/x\x7f", "/" + "a" * 3000])
def test_odd_values_are_refused(target):
    assert safe_next(target) is None
