"""How gunicorn serves Zorgbod: its settings (gunicorn.conf.py, loaded by path with
`gunicorn -c serving/gunicorn.conf.py wsgi:app` from the repository root) and the worker class
they name (gunicorn_worker.py, imported as `serving.gunicorn_worker`).

It sits outside the marketplace package, and imports nothing from it at module level: gunicorn
imports the worker class in the master before gevent patches the standard library, and loading
the app then would import ssl, threading and the Redis client unpatched. The app is imported
only inside the hooks that run in the worker, after the patch."""
