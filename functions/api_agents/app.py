"""Lambda: agents and AOA routes."""

from api_agents.routes import api
from autonomos.http import create_app

app = create_app("agents", api)
