"""Lambda: health and API documentation."""

from api_platform.routes import api
from autonomos.http import create_app

app = create_app("platform", api)
