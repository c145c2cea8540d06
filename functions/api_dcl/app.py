"""Lambda: DCL routes."""

from api_dcl.routes import api
from autonomos.http import create_app

app = create_app("dcl", api)
