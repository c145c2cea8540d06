"""One cached boto3 client per service and settings object."""

from __future__ import annotations

import functools
import threading
from typing import Any

import boto3
from botocore.config import Config

from autonomos.config import Settings

_lock = threading.Lock()


@functools.cache
def _client(service: str, endpoint: str | None, region: str) -> Any:
    config = Config(
        retries={"max_attempts": 2, "mode": "standard"},
        connect_timeout=3,
        read_timeout=25,
        max_pool_connections=50,
    )
    with _lock:  # boto3's default session is not thread-safe while creating clients
        session: Any = boto3.session.Session()
        return session.client(service, endpoint_url=endpoint, region_name=region, config=config)


def client(service: str, settings: Settings) -> Any:
    """A boto3 client for ``service`` using the settings' endpoint and region."""
    return _client(service, settings.aws_endpoint_url, settings.aws_region)
