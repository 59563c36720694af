"""System tests: real processes, real services and the real clock. gunicorn web processes and
the scheduler process on Redis and PostgreSQL (cluster, faults), the deduce child process,
threads racing a window's close, the scheduler on the wall clock, gevent's bid turns and
websocket frames, SQLite checkpoints and pooled PostgreSQL connections, and Chromium driving the
app as `make run` serves it (browser/). Slower; some skip without PostgreSQL, Redis or a browser."""
