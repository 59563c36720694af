"""Zorgbod: the app factory, which binds the extensions and registers one blueprint per audience."""
import logging

from flask import Flask, request

from config import Config
from serving.log_paths import loggable_target

from .extensions import csrf, db, limiter, login, migrate, socketio

# Socket.IO handlers must be declared before the first init_app, so that Flask-SocketIO keeps
# them and binds them to every app created later (tests create many).
from .realtime import events  # noqa: E402,F401


class Zorgbod(Flask):
    def log_exception(self, exc_info) -> None:
        """Flask logs the path of a request that failed unexpectedly; the path of an e-mailed
        one-time link holds its secret, so the log gets the path as the access log has it."""
        self.logger.error("Exception on %s [%s]", loggable_target(request.path), request.method, exc_info=exc_info)


def create_app(config: object | None = None) -> Flask:
    app = Zorgbod(__name__, template_folder="../templates", static_folder="../static",
                  instance_relative_config=True)
    app.config.from_object(config or Config())
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from .providers import accounts
    accounts.PASSWORD_METHOD = app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    from .clients import client_data
    try:
        client_data.configure(client_data.KeyRing.parse(app.config["CLIENT_DATA_KEYS"]))
    except client_data.KeyConfigError as error:
        # Refuse to start rather than seal data with, or fail to open it under, a broken key.
        raise RuntimeError(f"Zorgbod cannot start: {error}") from None

    from .auction import rate_limits
    rate_limits.configure(app.config.get("REDIS_URL"), app.config.get("BID_RATE_PER_SECOND", 5),
                          app.config.get("BID_RATE_BURST", 10))

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    login.init_app(app)
    login.login_view = "auth.login_page"
    from flask_babel import lazy_gettext as _l
    login.login_message = _l("Log in om verder te gaan.")
    csrf.init_app(app)
    limiter.init_app(app)
    from .web import security
    security.init_app(app)
    from . import i18n, ui
    from .api.errors import app_error
    i18n.init_app(app)
    ui.init_app(app, api_error=app_error)
    from .realtime import live
    options = {"client_manager": live.client_manager(app)} if app.config.get("REDIS_URL") else {}
    # manage_session=False: socket handlers use their token's Actor, never the Flask session,
    # so there is no need to copy the session for every event.
    from .realtime import fast_json
    socketio.init_app(app, async_mode=app.config["SOCKETIO_ASYNC_MODE"], logger=False,
                      engineio_logger=False, manage_session=False, json=fast_json, **options)

    with app.app_context():
        from .auction.transactions import install_sqlite_begin
        install_sqlite_begin(db.engine)
        from .storage import connection_check
        connection_check.install(db.engine, app.config["DATABASE_PING_AFTER_IDLE"])

    live.init_app(app)

    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .client import bp as client_bp
    from .consultant import bp as consultant_bp
    from .provider import bp as provider_bp
    from .steering import bp as steering_bp
    from .web import bp as web_bp
    app.register_blueprint(web_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(consultant_bp, url_prefix="/consulent")
    app.register_blueprint(provider_bp, url_prefix="/aanbieder")
    app.register_blueprint(client_bp, url_prefix="/client")
    app.register_blueprint(admin_bp, url_prefix="/beheer")
    app.register_blueprint(steering_bp, url_prefix="/stuurinformatie")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, not cookies

    from . import cli, scheduler
    cli.register(app)
    scheduler.init_app(app)
    return app
