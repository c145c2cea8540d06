"""A tiny HTTP server on a chosen local address that records the paths it is asked for and
answers ``302`` to the location scripted for a path (else ``200``)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Listener:
    """``Listener("127.0.0.2")``; ``url`` is its base URL, ``hits`` the paths requested."""

    def __init__(self, host: str, redirects: dict[str, str] | None = None) -> None:
        self.hits: list[str] = []
        self.redirects = dict(redirects or {})
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                listener.hits.append(self.path)
                location = listener.redirects.get(self.path)
                self.send_response(302 if location else 200)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_HEAD = _handle  # noqa: N815

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://{host}:{self.port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
