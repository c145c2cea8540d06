"""The local HTTP API: turns requests into API Gateway events for the handlers of
``template.yaml`` and serves the dashboard from its bucket (with single-page-app fallback).

Threaded: each connection gets its own thread, so requests are handled concurrently, as
separate Lambda invocations would be.
"""

from __future__ import annotations

import base64
import json
import logging
import mimetypes
import posixpath
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from botocore.exceptions import BotoCoreError, ClientError

from autonomos.http.replies import SECURITY_HEADERS
from infra.events import http_event
from infra.handlers import Handler, LambdaContext, load_handler
from infra.template import Route, Template

logger = logging.getLogger("autonomos.gateway")

MAX_REQUEST_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit
PREFLIGHT_MAX_AGE_SECONDS = 600
API_PREFIXES = ("/api/", "/token", "/health", "/openapi.json", "/docs", "/redoc")


def _error(status: int, code: str, message: str, details: Any = None) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "details": details}}).encode()


class Gateway:
    """Routes and handlers of one template, plus the dashboard bucket."""

    def __init__(
        self, template: Template, s3: Any, dashboard_bucket: str, cors_origin: str | None = None
    ) -> None:
        self.template = template
        self.s3 = s3
        self.bucket = dashboard_bucket
        self.cors_origin = cors_origin
        self._handlers: dict[str, Handler] = {}
        self._lock = threading.Lock()

    def handler_for(self, route: Route) -> Handler:
        with self._lock:
            if route.function not in self._handlers:
                self._handlers[route.function] = load_handler(route.code_uri, route.handler)
            return self._handlers[route.function]

    def preflight(self, origin: str | None) -> dict[str, str] | None:
        """The headers of the HTTP API's answer to a CORS preflight (the template's
        ``CorsConfiguration`` with the configured origin), or ``None`` when CORS is not
        configured and the request goes to the routes. Other origins get no grant."""
        cors = self.template.cors
        if cors is None or not self.cors_origin:
            return None
        if origin != self.cors_origin:
            return {"Vary": "Origin"}
        return {
            "Access-Control-Allow-Origin": self.cors_origin,
            "Access-Control-Allow-Methods": ", ".join(cors.allow_methods),
            "Access-Control-Allow-Headers": ", ".join(cors.allow_headers),
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECONDS),
            "Vary": "Origin",
        }

    def warm(self) -> None:
        """Import every function once (a cold start per function, paid before serving)."""
        for route in self.template.routes:
            self.handler_for(route)

    def static(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """A dashboard file; unknown paths without an extension get ``index.html``."""
        key = posixpath.normpath(unquote(path)).lstrip("/")
        if key in ("", "."):
            key = "index.html"
        if key.startswith(".."):
            return 404, {"Content-Type": "application/json"}, _error(404, "not_found", "not found")
        for candidate in (key, "index.html"):
            try:
                obj = self.s3.get_object(Bucket=self.bucket, Key=candidate)
            except ClientError:
                if candidate == key and "." in posixpath.basename(key):
                    break  # a missing asset is a 404, not the app shell
                continue
            except BotoCoreError:
                return (
                    503,
                    {"Content-Type": "application/json"},
                    _error(503, "service_unavailable", "dashboard bucket unavailable"),
                )
            content_type = mimetypes.guess_type(candidate)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type in (
                "application/javascript",
                "application/json",
            ):
                content_type += "; charset=utf-8"
            cache = (
                "public, max-age=31536000, immutable"
                if candidate.startswith("assets/")
                else "no-cache"
            )
            return 200, {"Content-Type": content_type, "Cache-Control": cache}, obj["Body"].read()
        return (
            404,
            {"Content-Type": "application/json"},
            _error(404, "not_found", f"no such path: {path}"),
        )


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GatewayServer
    # A response leaves in one write (headers and body buffered, flushed after each request)
    # with Nagle off: written in two parts, the second waited for the client's delayed ACK.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET  # noqa: N815

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {**SECURITY_HEADERS, **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json_error(self, status: int, code: str, message: str, **headers: str) -> None:
        self._send(
            status, {"Content-Type": "application/json", **headers}, _error(status, code, message)
        )

    def _handle(self) -> None:
        gateway = self.server.gateway
        split = urlsplit(self.path)
        path = split.path or "/"
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            self._json_error(411, "length_required", "send a Content-Length")
            return
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._json_error(
                413, "payload_too_large", f"request body larger than {MAX_REQUEST_BYTES} bytes"
            )
            return
        body = self.rfile.read(length) if length else b""
        if self.command == "OPTIONS" and self.headers.get("Access-Control-Request-Method"):
            granted = gateway.preflight(self.headers.get("Origin"))
            if granted is not None:
                self._send(204, granted, b"")
                return
        method = "GET" if self.command == "HEAD" else self.command
        route, params, allowed = gateway.template.match(method, path)
        if route is None:
            if allowed:
                self._json_error(
                    405,
                    "method_not_allowed",
                    f"{self.command} is not allowed on {path}",
                    Allow=", ".join(sorted(set(allowed))),
                )
            elif method == "GET" and not path.startswith(API_PREFIXES):
                self._send(*gateway.static(path))
            else:
                self._json_error(404, "not_found", f"no route for {self.command} {path}")
            return
        event = http_event(
            method=method,
            path=path,
            resource=route.path,
            query=split.query,
            headers=list(self.headers.items()),
            body=body,
            path_parameters=params,
            source_ip=self.client_address[0],
        )
        try:
            result = gateway.handler_for(route)(event, LambdaContext(route.function, 29))
        except Exception:
            logger.exception("handler %s crashed", route.function)
            self._json_error(502, "bad_gateway", "the function failed")
            return
        headers = {k: str(v) for k, v in (result.get("headers") or {}).items()}
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers[name] = ", ".join(str(v) for v in values)
        raw = result.get("body") or ""
        payload = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode()
        self._send(int(result.get("statusCode", 200)), headers, payload)


class GatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], gateway: Gateway) -> None:
        self.gateway = gateway
        super().__init__(address, _RequestHandler)


def serve(gateway: Gateway, host: str, port: int) -> GatewayServer:
    """Start serving in a background thread; ``shutdown()`` stops it."""
    server = GatewayServer((host, port), gateway)
    thread = threading.Thread(target=server.serve_forever, name="gateway", daemon=True)
    thread.start()
    return server


__all__ = ["Gateway", "GatewayServer", "serve"]
