"""gunicorn settings for Zorgbod: one gevent-websocket worker per process, as Flask-SocketIO's
deployment docs require (Socket.IO sessions live in that one worker's memory)."""
import os

# The web workers are gevent greenlets: with a thousand sockets the threaded worker falls far
# behind on both bids and fan-out. The app is told so explicitly.
os.environ.setdefault("SOCKETIO_ASYNC_MODE", "gevent")
# psycopg waits for PostgreSQL cooperatively under gevent, so every statement of a bid's
# transaction hands the worker to whatever else is ready and queues behind it. Its C wait
# keeps a transaction (about ten short round trips) on the worker until commit, as SQLite
# does in embedded mode. Read when psycopg is imported, so it is set before the app loads.
os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_c")
# python-socketio runs every event in a greenlet of its own; gevent would record each one's
# spawning stack (ten frame objects, for debugging tools we do not run), which costs CPU per
# event and gives the garbage collector thousands more objects to walk. Read when gevent
# first consults its config, after this file.
os.environ.setdefault("GEVENT_TRACK_GREENLET_TREE", "false")

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = 1
# Every Socket.IO client holds one connection for the whole window; gunicorn's default of
# 1,000 per worker would leave no room for page loads once a thousand people watch.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "10000"))
worker_class = "serving.gunicorn_worker.Worker"  # gevent-websocket, access log without query strings
timeout = 60
graceful_timeout = 10
# Several web processes on one machine (scale-out mode) must not share one control socket.
control_socket_disable = True


def post_worker_init(worker):
    """The embedded scheduler runs inside the one web worker, after gevent has patched it; the
    personal-data scanner starts loading here too, so publishing rarely has to wait for it."""
    import gc

    from marketplace import scheduler
    from marketplace.extensions import db
    from marketplace.privacy import detection
    from marketplace.storage import wal_checkpoints
    # Everything loaded so far (Flask, SQLAlchemy's mappers, the templates) lives as long as the
    # process. A full collection walks all of it, and while it does the worker serves no socket.
    # Frozen objects are left out of every collection, so those pauses stay short.
    gc.collect()
    gc.freeze()
    # Collect the young generation after 20,000 new objects, not 700: a thousand sockets make
    # objects fast, and every 10th young collection is a middle one and every 100th may be a
    # full one, which walks every socket's state while no socket is served. Fewer collections
    # mean fewer of those pauses in the fan-out.
    gc.set_threshold(20000, 10, 10)
    detection.warm()
    app = worker.wsgi
    with app.app_context():
        # SQLite: a bid's commit never copies the log back into the file (see wal_checkpoints.py).
        wal_checkpoints.checkpoint_in_background(db.engine)
    if app.config["SCHEDULER_MODE"] == "embedded":
        scheduler.start(app)
