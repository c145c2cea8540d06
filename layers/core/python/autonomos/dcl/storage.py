"""Where DCL files live: the data bucket under each tenant's prefix, with a local cache of
version files (immutable, so a cached copy never goes stale)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any


class DclStorage:
    def __init__(self, s3: Any, bucket: str, cache_dir: Path) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._cache = cache_dir
        self._lock = threading.Lock()

    @staticmethod
    def version_key(tenant_id: uuid.UUID, version: int) -> str:
        return f"tenants/{tenant_id}/dcl/versions/{version:06d}.duckdb"

    @staticmethod
    def upload_key(tenant_id: uuid.UUID, source_key: str, filename: str) -> str:
        return f"tenants/{tenant_id}/sources/{source_key}/{filename}"

    def put_version(self, tenant_id: uuid.UUID, version: int, path: Path) -> str:
        key = self.version_key(tenant_id, version)
        self._s3.upload_file(str(path), self._bucket, key)
        cached = self._cached_path(key)
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, cached)
        return key

    def fetch(self, key: str) -> Path:
        """A local copy of an immutable object (downloaded once per process)."""
        cached = self._cached_path(key)
        if cached.exists():
            return cached
        with self._lock:
            if not cached.exists():
                cached.parent.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as tmp:
                    self._s3.download_fileobj(self._bucket, key, tmp)
                Path(tmp.name).replace(cached)
        return cached

    def put_bytes(self, key: str, data: bytes) -> None:
        self._s3.put_object(Bucket=self._bucket, Key=key, Body=data)

    def get_bytes(self, key: str) -> bytes:
        return bytes(self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read())

    def _cached_path(self, key: str) -> Path:
        return self._cache / key
