"""Configuration classes; every setting that differs between machines comes from the environment."""
import os
import secrets
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("ZORGBOD_INSTANCE_DIR", BASE_DIR / "instance"))


def _kept(name: str, make) -> str:
    """A value generated once and kept in instance/<name>, readable by its owner only.

    Created with O_EXCL: web processes and the scheduler that start together must all end
    up with the one value that reached the disk, not each with its own."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as file:
            file.write(make() + "\n")
    for _ in range(50):  # another process may have created the file and not yet written it
        value = path.read_text().strip()
        if value:
            return value
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty: remove it to have a new value generated")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/.

    Keeping it on disk means `make run` twice keeps everyone logged in, without a
    well-known default key that would let anyone forge a session.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    return _kept("secret_key", lambda: secrets.token_urlsafe(48))


def _client_data_keys() -> str:
    """CLIENT_DATA_KEYS from the environment (Fernet keys, newest first, comma-separated), else
    the key ring kept in instance/client_data_keys, generated once like the secret key.

    Losing the key loses every client's personal data: keep it out of the database's backups
    but back it up. Several machines need the same keys, so production sets the variable.
    """
    if os.environ.get("CLIENT_DATA_KEYS", "").strip():
        return os.environ["CLIENT_DATA_KEYS"]
    from cryptography.fernet import Fernet
    return _kept("client_data_keys", lambda: Fernet.generate_key().decode())


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # psycopg 3 is the driver; accept the bare postgres:// form people paste.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'zorgbod.db'}"


def _engine_options(url: str) -> dict:
    from marketplace.realtime import fast_json  # here, not at the top: marketplace imports this module

    # No pool_pre_ping: connection_check pings only connections that stood idle.
    # JSON columns (a bid's audit details and stored answer) are written on every bid, and on
    # SQLite every offer is read as JSON on every bid: orjson, as for the Socket.IO packets,
    # where the standard library's codec cost more.
    options = {"json_serializer": fast_json.dumps, "json_deserializer": fast_json.loads}
    if url.startswith("postgresql"):
        # The web workers wait for PostgreSQL without yielding (serving/gunicorn.conf.py): a server that
        # cannot be reached must fail a connect in seconds, not after the system's minutes.
        options["connect_args"] = {"connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))}
    return options


def _ratelimit_storage() -> str:
    return os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"


class Config:
    SECRET_KEY = property(lambda self: _secret_key())
    SQLALCHEMY_DATABASE_URI = property(lambda self: _database_url())
    # Socket.IO message queue: set in scale-out mode so several web processes share rooms.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", "zorgbod")
    # Explicit, never auto-detected: serving/gunicorn.conf.py sets "gevent" for the web workers (the
    # gevent websocket worker); CLI processes such as `flask scheduler` run in "threading".
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "threading")
    # Reconnect by itself after a database restart: a dead pooled connection is replaced.
    SQLALCHEMY_ENGINE_OPTIONS = property(lambda self: _engine_options(self.SQLALCHEMY_DATABASE_URI))
    # embedded: the scheduler runs inside the web process; external: `flask scheduler` does.
    SCHEDULER_MODE = os.environ.get("SCHEDULER_MODE", "embedded")
    # How often the scheduler re-reads the requests table for windows it has no job for yet
    # (published by another process); in scale-out mode that is every publish, so set it low.
    SCHEDULER_SYNC_SECONDS = float(os.environ.get("SCHEDULER_SYNC_SECONDS", "15"))
    # A pooled connection idle longer than this is pinged before use
    # (marketplace/storage/connection_check.py).
    DATABASE_PING_AFTER_IDLE = float(os.environ.get("DATABASE_PING_AFTER_IDLE", "1"))
    # Behind nginx (deploy/nginx.conf): how many proxies to trust for the client's address,
    # which the login rate limit is keyed on. 0 when clients connect directly.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a consultant may keep a form open through a long intake

    API_TOKEN_HOURS = int(os.environ.get("API_TOKEN_HOURS", "12"))
    CLIENT_CODE_HOURS = int(os.environ.get("CLIENT_CODE_HOURS", "72"))
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    # Bids and withdrawals per account (marketplace/auction/rate_limits.py): a sustained rate and
    # the burst allowed within one second.
    BID_RATE_PER_SECOND = int(os.environ.get("BID_RATE_PER_SECOND", "5"))
    BID_RATE_BURST = int(os.environ.get("BID_RATE_BURST", "10"))
    # Failed logins per e-mail address (any client address, page and API together): a
    # password guessed from many machines is still slowed down.
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per minute")
    # Provider registrations per client address.
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "10 per hour")
    # Password reset links asked for per client address, and per e-mail address asked about
    # (whichever machine asks): the form cannot be used to flood someone's mailbox.
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "10 per hour")
    PASSWORD_RESET_ACCOUNT_RATE_LIMIT = os.environ.get("PASSWORD_RESET_ACCOUNT_RATE_LIMIT", "5 per hour")
    # How long the link in the registration e-mail stays valid.
    REGISTRATION_LINK_HOURS = int(os.environ.get("REGISTRATION_LINK_HOURS", "24"))
    # Login and registration counts live in Redis when REDIS_URL is set, so every web process
    # counts together; should Redis be unreachable, each process counts in memory meanwhile.
    RATELIMIT_STORAGE_URI = property(lambda self: _ratelimit_storage())
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Notify providers this many seconds before a window closes.
    CLOSING_SOON_SECONDS = int(os.environ.get("CLOSING_SOON_SECONDS", "600"))
    # The keys that seal the client's personal data (marketplace.clients.client_data).
    CLIENT_DATA_KEYS = property(lambda self: _client_data_keys())
    # How long a publish waits for the personal-data scanner to finish loading
    # (marketplace.privacy.detection).
    PERSONAL_DATA_SCAN_WAIT = float(os.environ.get("PERSONAL_DATA_SCAN_WAIT", "30"))
    # DEBUG, INFO, WARNING...: what the app's own loggers write (never personal data, at any level).
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # The largest request body, in bytes: pages (forms) and the JSON API. The API's largest
    # valid body (a new request with every text field full) is well under 64 KiB.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(256 * 1024)))
    API_MAX_CONTENT_LENGTH = int(os.environ.get("API_MAX_CONTENT_LENGTH", str(64 * 1024)))
    # When the daily erasure of expired client data runs (Europe/Amsterdam, "HH:MM").
    CLIENT_DATA_RETENTION_AT = os.environ.get("CLIENT_DATA_RETENTION_AT", "03:30")

    # E-mail (marketplace.mail): the sender delivers the outbox over SMTP when MAIL_URL is set
    # (smtp://user:password@host:587 with STARTTLS, smtps://... for TLS from the start), and
    # otherwise writes each message as an .eml file into MAIL_DIR (instance/mail/).
    MAIL_URL = os.environ.get("MAIL_URL") or None
    MAIL_FROM = os.environ.get("MAIL_FROM", "Zorgbod <noreply@zorgbod.example>")
    MAIL_DIR = os.environ.get("MAIL_DIR") or str(INSTANCE_DIR / "mail")
    # Messages per run of the sender, seconds between runs, tries before a message is failed,
    # and how long one SMTP step may take.
    MAIL_BATCH_SIZE = int(os.environ.get("MAIL_BATCH_SIZE", "50"))
    MAIL_SEND_SECONDS = float(os.environ.get("MAIL_SEND_SECONDS", "5"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # The address people reach Zorgbod at, for the links in e-mail that the scheduler's process
    # writes (it has no request to take the address from).
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"

    def __init__(self, **overrides):
        for key, value in overrides.items():
            setattr(self, key, value)


class TestConfig(Config):
    __test__ = False  # not a pytest test class
    TESTING = True
    WTF_CSRF_ENABLED = False
    SOCKETIO_ASYNC_MODE = "threading"
    SCHEDULER_MODE = "off"
    REDIS_URL = None
    MAIL_URL = None  # a test that sends says where (tests/system/test_mail_delivery.py)
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # speed only; production keeps scrypt
    LOGIN_RATE_LIMIT = "1000 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "1000 per minute"
    REGISTER_RATE_LIMIT = "1000 per hour"
    PASSWORD_RESET_RATE_LIMIT = "1000 per hour"
    PASSWORD_RESET_ACCOUNT_RATE_LIMIT = "1000 per hour"
    RATELIMIT_STORAGE_URI = "memory://"
    # Two test workers load the personal-data detector while browsers and servers run beside
    # them: a publish waits for it rather than answer 503 on a busy machine.
    PERSONAL_DATA_SCAN_WAIT = 120.0
    # Tests bid as fast as they can; tests/adapters/test_fairness.py sets a small limit to test it.
    BID_RATE_PER_SECOND = 1000
    BID_RATE_BURST = 2000
    # A fixed key, only ever used for test data.
    CLIENT_DATA_KEYS = "jF6DJUs3KWJKLyK1zJAd1b0EC2cRv4Z7YLAQ36Keh4g="
