"""A real Zorgbod (gunicorn, gevent worker, SQLite, embedded scheduler) on a free port with the
demo data, and Debian's Chromium driven by Playwright. Without Chromium or Playwright these
tests skip with the reason; with REQUIRE_BROWSER=1 (CI) they fail instead.

Every page a scenario visits is checked with axe-core (WCAG 2.1 A and AA) and photographed
into test-artifacts/browser/ (git-ignored), so a person can look at what the test saw."""
import json
import os
import re
from pathlib import Path

import pytest

from tests.support.processes import AANBIEDER1, AANBIEDER2, CONSULTANT, ROOT, Api, Processes, start_embedded  # noqa: F401

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
# Responsive means no sideways scrolling of the page: elements sticking out past the screen.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) { return []; }
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('[hidden]'))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
}"""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PROVIDERS = {1: AANBIEDER1, 2: AANBIEDER2, 3: ("aanbieder3@zorg.example", AANBIEDER1[1])}


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (make setup installs it)"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`"
    if not AXE.exists():
        return "axe-core is not in node_modules (make setup runs npm ci)"
    return None


@pytest.fixture(scope="session")
def server(request, tmp_path_factory):
    """The app as `make run` serves it, on its own database, for every browser test."""
    tmp = tmp_path_factory.mktemp("browser-server")
    with Processes(request, tmp) as processes:
        web = start_embedded(processes, tmp, "browser-tests")
        yield web


@pytest.fixture(scope="session")
def api(server) -> Api:
    return Api(server.url)


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests need a browser here (REQUIRE_BROWSER=1): {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Person:
    """One browser context: a consultant, a provider's employee or a client at a tablet."""

    def __init__(self, browser, server, name: str, artifacts: Path, **context_options):
        self.name = name
        self.server = server
        self.artifacts = artifacts
        self.context = browser.new_context(base_url=server.url, locale="nl-NL",
                                           timezone_id="Europe/Amsterdam", **context_options)
        self.context.set_default_timeout(10_000)
        # axe-core comes in before the page's own scripts: the pages' Content-Security-Policy
        # (rightly) refuses a script tag added later, as it would an attacker's.
        self.context.add_init_script(path=str(AXE))
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        # A script, style or socket the policy blocks breaks the live page: fail on it by name.
        self.page.on("console", lambda message: self.console_errors.append(message.text)
                     if message.type == "error" and "Content Security Policy" in message.text else None)
        self.shots = 0

    def log_in(self, account: tuple[str, str]) -> None:
        page = self.page
        page.goto("/inloggen")
        page.fill("input[name=email]", account[0])
        page.fill("input[name=password]", account[1])
        page.click("main form [type=submit]")
        page.wait_for_load_state()
        assert "/inloggen" not in page.url, f"{self.name} could not log in"

    def set_language(self, code: str) -> None:
        self.context.add_cookies([{"name": "taal", "value": code, "url": self.server.url}])

    def check(self, label: str, both_languages: bool = True) -> None:
        """axe-core on the page as it is now (WCAG 2.1 A and AA) and a screenshot; then, for a
        page reached by GET, the same page in English and back to Dutch."""
        self._axe_and_shoot(label, "nl")
        if both_languages:
            self.set_language("en")
            self.page.reload()
            self.page.wait_for_load_state()
            assert self.page.locator("html").get_attribute("lang") == "en"
            self._axe_and_shoot(label, "en")
            self.set_language("nl")
            self.page.reload()
            self.page.wait_for_load_state()

    def _axe_and_shoot(self, label: str, language: str) -> None:
        page = self.page
        self.shots += 1
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.shots:02d}-{label}-{language}".lower()).strip("-")
        page.screenshot(path=str(self.artifacts / f"{self.name}-{slug}.png"), full_page=True)
        overflow = page.evaluate(OVERFLOW_JS)
        assert not overflow, (f"{self.name} on '{label}' ({language}): the page is wider than the "
                              f"{page.viewport_size['width']} px screen; too wide: {overflow}")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        violations = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert not violations, (f"{self.name} on '{label}' ({language}, {page.url}): axe-core found WCAG 2.1 "
                                f"A/AA violations:\n{json.dumps(violations, indent=1, ensure_ascii=False)}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def people(request, browser, server):
    """Factory for Person; screenshots go to test-artifacts/browser/<test name>/."""
    artifacts = ARTIFACTS / request.node.name
    artifacts.mkdir(parents=True, exist_ok=True)
    for old in artifacts.glob("*.png"):
        old.unlink()
    made: list[Person] = []

    def make(name: str, **context_options) -> Person:
        person = Person(browser, server, name, artifacts, **context_options)
        made.append(person)
        return person
    yield make
    for person in made:
        person.close()
    errors = {p.name: p.console_errors for p in made if p.console_errors}
    assert not errors, f"JavaScript errors on the pages: {errors}"
