"""Security headers on every answer (flask-talisman), and no caching of anything but static files.

The Content-Security-Policy allows scripts and styles from this site's files only: no inline
script, no inline event handler, no eval, no style attribute or <style> block (injected markup
can neither run nor restyle the page to mislead). The words the live scripts show travel in a
JSON data block (templates/_js_texts.html), which is not executed and so needs no exception."""
import re

from flask import request
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Only a plain host[:port] is echoed into the policy, so a crafted Host header adds no directive.
_PLAIN_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


def init_app(app) -> None:
    # after_request runs the last registered first: registered before Talisman's, this one
    # sees the policy Talisman has set.
    app.after_request(_socket_sources)
    # One Talisman per app: it keeps the app it was given (tests make many apps).
    app.extensions["talisman"] = Talisman(
        app,
        # nginx (deploy/) or a plain localhost: HTTPS is the proxy's business, and the cookies'
        # Secure flag stays what config.py says.
        force_https=False,
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_http_only=True,
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        content_security_policy=CSP,
        frame_options="DENY",
        # Our addresses name requests (/aanvragen/17): they stay on this site.
        referrer_policy="same-origin",
    )
    app.after_request(_no_store)


def _socket_sources(response):
    """Socket.IO connects by websocket to this same host. CSP Level 3 browsers read 'self' as
    covering it; older ones need ws:/wss: of the host spelled out."""
    policy = response.headers.get("Content-Security-Policy")
    host = request.host
    if policy and host and _PLAIN_HOST.match(host):
        response.headers["Content-Security-Policy"] = policy.replace(
            "connect-src 'self'", f"connect-src 'self' ws://{host} wss://{host}", 1)
    return response


def _no_store(response):
    """Pages and API answers show client data, offers and standings: no browser or proxy cache
    keeps a copy (the back button after logout, a shared computer). Static files may be cached."""
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response
