"""gunicorn settings for the bare relay baseline: the same worker kind as Zorgbod's
serving/gunicorn.conf.py (one gevent-websocket worker per process, room for 10,000 connections),
without the app's scheduler hook."""
workers = 1
worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
worker_connections = 10000
timeout = 60
graceful_timeout = 5
