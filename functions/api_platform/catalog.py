"""Every function's routes, for the OpenAPI document."""

import importlib

from autonomos.http.routing import Api

ROUTE_MODULES = (
    "api_auth.routes",
    "api_users.routes",
    "api_platform.routes",
    "api_tasks.routes",
    "api_tenant.routes",
    "api_dcl.routes",
    "api_agents.routes",
)


def all_apis() -> list[Api]:
    """The route groups of all functions, in a stable order."""
    modules = [importlib.import_module(name) for name in ROUTE_MODULES]
    return [module.api for module in modules]
