"""Lambda: authentication routes."""

from api_auth.routes import api
from autonomos.http import create_app

app = create_app("auth", api)
