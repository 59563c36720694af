"""Browser tests: the app as `make run` serves it (gunicorn, the embedded scheduler, the demo
data) on a free port, driven by Debian's Chromium through Playwright, every page checked with
axe-core and photographed into test-artifacts/browser/. They skip without Chromium, Playwright
or axe-core, and fail instead with REQUIRE_BROWSER=1 (CI)."""
