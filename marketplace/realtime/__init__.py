"""Socket.IO: the handlers on /auction (events), the after-commit fan-out and the Redis relay
(live), who watches which request and in what order (watching), bids taking turns on a gevent
worker (bid_turns), and the packet codec (fast_json).

An adapter like the blueprints: it may import Flask, Flask-SocketIO, the domain packages and
the shared wording, never a blueprint's routes. marketplace/__init__.py imports events so the
handlers are declared before the first init_app. Kept import-free itself."""
