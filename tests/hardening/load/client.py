"""An HTTP client acting for one tenant that times and records every request it makes."""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import Any

import httpx

from tests.hardening.load.recorder import Recorder, Sample, classify

REQUEST_TIMEOUT = 60.0


class TenantClient:
    """Keep-alive client for ``base_url`` with the tenant's bearer token. Every call names
    its route template (``endpoint``) so the report can group ``/api/v1/tasks/<uuid>`` reads
    together; the sample is recorded whatever happens, and the response (or ``None`` when
    no answer came) is returned. One instance per thread."""

    def __init__(self, base_url: str, tenant: str, token: str, recorder: Recorder) -> None:
        self.tenant = tenant
        self.recorder = recorder
        self._http = httpx.Client(
            base_url=base_url,
            timeout=REQUEST_TIMEOUT,
            headers={"Authorization": f"Bearer {token}"},
        )

    def call(
        self,
        endpoint: str,
        path: str,
        *,
        expected: Collection[int] = (),
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response | None:
        """``endpoint`` is ``"METHOD /template"``; ``path`` the concrete path. 4xx statuses
        in ``expected`` count as success."""
        method = endpoint.split(" ", 1)[0]
        sent_at, started = time.time(), time.perf_counter()
        response: httpx.Response | None = None
        detail = ""
        try:
            response = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            detail = f"{exc.__class__.__name__}: {exc}"
        seconds = time.perf_counter() - started
        status = response.status_code if response is not None else None
        outcome = classify(status, expected)
        if response is not None and outcome.is_error:
            detail = response.text[:300]
        self.recorder.request(
            Sample(endpoint, self.tenant, sent_at, seconds, status, outcome, detail)
        )
        return response

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> TenantClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
