"""The gunicorn worker we serve with: gevent-websocket, with an access log that keeps paths
but drops query strings, so no personal data can ever end up in a log line.

It lives outside the marketplace package on purpose: gunicorn imports the worker class in
the master before gevent patches the standard library, and importing the app then would
load ssl, threading and the Redis client unpatched."""
from geventwebsocket.gunicorn.workers import GeventWebSocketWorker
from geventwebsocket.handler import WebSocketHandler


class PathOnlyLogHandler(WebSocketHandler):
    def format_request(self):
        full = self.requestline
        if full and "?" in full:
            method, _, rest = full.partition(" ")
            target, _, version = rest.partition(" ")
            self.requestline = f"{method} {target.split('?', 1)[0]} {version}".strip()
        try:
            return super().format_request()
        finally:
            self.requestline = full


class Worker(GeventWebSocketWorker):
    wsgi_handler = PathOnlyLogHandler
