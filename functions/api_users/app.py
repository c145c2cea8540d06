"""Lambda: user routes."""

from api_users.routes import api
from autonomos.http import create_app

app = create_app("users", api)
