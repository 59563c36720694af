"""A request target as a log may show it: no query string (it may hold personal data) and no
secret of an e-mailed one-time link, which is the path's last part (whoever reads the log could
otherwise follow a link its owner has not yet used). deploy/nginx.conf does the same.

Imports nothing: the gunicorn worker loads it in the master before gevent patches the standard
library (serving/gunicorn_worker.py, the access log), and the app for its own error log
(marketplace.Zorgbod.log_exception)."""

SECRET_PATHS = ("/registreren/bevestigen/", "/wachtwoord-herstellen/", "/uitnodiging/", "/e-mailadres-bevestigen/")


def loggable_target(target: str) -> str:
    """A request target as the logs may show it: no query string, no link secret."""
    path = target.split("?", 1)[0]
    for prefix in SECRET_PATHS:
        if path.startswith(prefix):
            return prefix + "..."
    return path
