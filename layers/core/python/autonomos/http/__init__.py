"""The HTTP edge: typed routes on Chalice blueprints, one error shape, OpenAPI from the routes.

Public surface: :class:`Api` (declare routes), :class:`Reply` (custom status/headers),
:func:`create_app` (one Chalice app per function) and :func:`openapi_document`.
"""

from autonomos.http.app import create_app
from autonomos.http.openapi import openapi_document
from autonomos.http.replies import Reply
from autonomos.http.routing import Api, RawRequest

__all__ = ["Api", "RawRequest", "Reply", "create_app", "openapi_document"]
