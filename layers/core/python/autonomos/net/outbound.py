"""Outbound HTTP through the URL policy: every hop (redirects included) is checked after DNS
resolution before it is requested."""

from __future__ import annotations

from typing import Any

import httpx

from autonomos.net.url_policy import UrlPolicy, UrlRefused

MAX_REDIRECTS = 3


def request(
    policy: UrlPolicy,
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
    json: Any = None,
    timeout: float = 10.0,
) -> httpx.Response:
    """Send one request, following at most three redirects, each re-checked by ``policy``.

    Raises :class:`UrlRefused` for a refused hop and ``httpx.HTTPError`` for network errors.
    """
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            policy.check_resolved(url)
            response = client.request(method, url, headers=headers, content=content, json=json)
            if not response.is_redirect:
                return response
            url = str(response.next_request.url) if response.next_request else ""
            if response.status_code in (301, 302, 303):
                method, content, json = "GET", None, None
    raise UrlRefused("too many redirects")
