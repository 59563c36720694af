"""Zorgbod's tests, by what they hold the product to.

domain/    the rules and the domain's functions, called directly (marketplace.auction, clients,
           providers, privacy) with a session from the app fixture: what a rule says, whoever asks.
adapters/  the product as its callers meet it, in-process: pages, the JSON API, Socket.IO
           events, the `flask` commands, and what every answer carries (headers, access).
system/    real processes, real services and the real clock: gunicorn, the scheduler, Redis,
           PostgreSQL, the personal-data detector's child process, threads racing a close, and
           Chromium (system/browser/).
support/   what the tests share and no test is: the test world, steps such as logging in or
           closing a window, the reference model, the process helpers the bench uses too.

test_architecture.py reads the source rather than running the product. The fixtures in
conftest.py (an app on a migrated database, the clock, the API helper, factories) serve every
folder."""
