"""The throttles on logging in, registering and asking for a password reset link (Flask-Limiter,
in the store config.py names: Redis when REDIS_URL is set, so all web processes count together).
Here, outside the blueprints, because the pages (auth/, web/) and the API (api/) share them.

Logging in is limited per client address and, for failed attempts, per account: the e-mail
address the attempt names, whichever machine it comes from. The page and the API share both
counts, so alternating between them gains nothing."""
import hashlib

from flask import current_app, request

from .extensions import limiter


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _reset_account_limit() -> str:
    return current_app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"]


def login_email() -> str:
    """The e-mail address a login attempt names, normalised as `authenticate` looks it up."""
    if request.is_json:
        data = request.get_json(silent=True)
        email = data.get("email") if isinstance(data, dict) else None
    else:
        email = request.form.get("email")
    return email.strip().lower() if isinstance(email, str) else ""


def _account_key() -> str:
    # Hashed: the store (Redis) need not hold a list of e-mail addresses.
    return "account:" + hashlib.sha256(login_email().encode()).hexdigest()[:32]


def _failed(response) -> bool:
    # A successful login (201 token, 302 to the next page) does not count against the account:
    # its owner logging in often is no attack.
    return response.status_code not in (201, 302)


login_per_address = limiter.shared_limit(_address_limit, scope="login", methods=["POST"])
login_per_account = limiter.shared_limit(_account_limit, scope="login-account", key_func=_account_key,
                                         methods=["POST"], exempt_when=lambda: not login_email(),
                                         deduct_when=_failed)
registration_per_address = limiter.shared_limit(_register_limit, scope="register", methods=["POST"])
# Every reset request counts, whatever its outcome: counting only some would tell which
# addresses are on Zorgbod. The page and the API share both counts.
password_reset_per_address = limiter.shared_limit(_reset_limit, scope="password-reset", methods=["POST"])
password_reset_per_account = limiter.shared_limit(_reset_account_limit, scope="password-reset-account",
                                                  key_func=_account_key, methods=["POST"],
                                                  exempt_when=lambda: not login_email())
