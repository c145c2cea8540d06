"""Lambda: tenant settings routes."""

from api_tenant.routes import api
from autonomos.http import create_app

app = create_app("tenant", api)
