"""Lambda: task routes."""

from api_tasks.routes import api
from autonomos.http import create_app

app = create_app("tasks", api)
