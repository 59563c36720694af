"""The WSGI entry point: `gunicorn -c serving/gunicorn.conf.py wsgi:app`, `flask --app wsgi ...`."""
from marketplace import create_app

app = create_app()
