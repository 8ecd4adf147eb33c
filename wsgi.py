"""WSGI entry point: `flask --app wsgi ...` and production servers."""
from coordinator import create_app

app = create_app()
