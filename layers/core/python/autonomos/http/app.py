"""One Chalice app per Lambda function, wired with the edge middleware."""

from __future__ import annotations

import logging

from chalice import Chalice

from autonomos.http.request import capture_request
from autonomos.http.routing import Api
from autonomos.observability import configure_logging


def create_app(name: str, *apis: Api) -> Chalice:
    """A Chalice app named ``autonomos-<name>`` serving the routes of ``apis``."""
    configure_logging()
    app = Chalice(app_name=f"autonomos-{name}")
    app.log.setLevel(logging.INFO)
    app.register_middleware(capture_request, "http")
    for api in apis:
        app.register_blueprint(api.blueprint)
    return app
