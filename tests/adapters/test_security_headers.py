"""Security headers on every answer (issue 17, point 10): a Content-Security-Policy that runs
no inline script and lets no site frame ours, nosniff, a referrer policy, and no cache of any
page or API answer (the winner's page and GET …/award show the client's address)."""
import re
from pathlib import Path

import pytest

from tests.support import world
from tests.support.steps import close, logged_in, login

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_secure(response):
    csp = directives(response)
    script = csp.get("script-src", csp.get("default-src"))
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script and "*" not in script
    assert "'unsafe-inline'" not in csp.get("style-src", csp.get("default-src"))
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_kind_of_answer_carries_the_headers(client, api):
    answers = [client.get("/"), client.get("/inloggen"), client.get("/bestaat-niet"), client.get("/healthz"),
               client.get("/api/v1/requests"), client.get("/api/v1/bestaat-niet"),
               api.get("/api/v1/requests", as_="consulent"),
               client.post("/inloggen", data={"email": world.email("consulent"), "password": world.PASSWORD})]
    for response in answers:
        assert_secure(response)


def test_pages_and_api_answers_are_not_cached(client, api):
    login(client)
    for response in (client.get("/consulent/aanvragen"), api.get("/api/v1/requests", as_="consulent"),
                     client.get("/inloggen")):
        assert response.headers["Cache-Control"] == "no-store"


def test_the_socket_may_connect_to_this_host(client):
    csp = directives(client.get("/inloggen", base_url="https://zorgbod.example"))
    assert "'self'" in csp["connect-src"] and "wss://zorgbod.example" in csp["connect-src"]
    spoofed = directives(client.get("/inloggen", headers={"Host": "x;script-src *"}))
    assert spoofed["script-src"] == ["'self'"]


def test_https_is_left_to_the_proxy_and_cookies_keep_their_flags(client):
    resp = client.get("/inloggen")
    assert resp.status_code == 200  # no redirect to https://
    assert "Secure" not in resp.headers["Set-Cookie"] and "HttpOnly" in resp.headers["Set-Cookie"]


def test_the_winners_page_and_award_answer_are_not_cached(app, api, clock, open_request, bid):
    request_id = open_request()
    bid(request_id, "aanbieder1", 105000)
    assert close(app, clock, request_id).result == "done"
    offers = api.get(f"/api/v1/requests/{request_id}/offers", as_="consulent").get_json()["offers"]
    api.post(f"/api/v1/requests/{request_id}/choice", {"bid_id": offers[0]["bid_id"], "on_behalf_of_client": True},
             as_="consulent")
    assert api.post(f"/api/v1/requests/{request_id}/award", {"bid_id": offers[0]["bid_id"]},
                    as_="consulent").get_json()["status"] == "awarded"

    award = api.get(f"/api/v1/requests/{request_id}/award", as_="aanbieder1")
    assert award.status_code == 200 and award.headers["Cache-Control"] == "no-store"
    browser = logged_in(app, "aanbieder1")
    page = browser.get(f"/aanbieder/aanvragen/{request_id}")
    assert "Truus" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert_secure(page)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_hold_no_inline_script(template):
    """The policy would block them: every script is a static file, data travels as JSON."""
    html = template.read_text()
    # An e-mail is not a page: mail clients drop linked stylesheets, so its HTML carries its own
    # styles, and the site's Content-Security-Policy never applies to it. It holds no script of any
    # kind (mail clients strip it, and a message has nothing for a script to do).
    is_mail = template.relative_to(TEMPLATES).parts[0] == "mail"
    if is_mail:
        assert not re.search(r"<script\b", html), "script in an e-mail"
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    if not is_mail:
        assert not re.search(r"\sstyle\s*=|<style\b", html), "inline style"
    assert "javascript:" not in html
