"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""
from marketplace import create_app

app = create_app()
