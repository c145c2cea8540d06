"""Upload the built dashboard (``frontend/dist``) and its runtime config to the bucket."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

from autonomos.config import PROJECT_ROOT

DIST = PROJECT_ROOT / "frontend" / "dist"
STATIC = Path(__file__).parent / "static"
PLACEHOLDER = (
    "<!doctype html><html><head><meta charset='utf-8'><title>AutonomOS</title></head>"
    "<body><h1>AutonomOS</h1><p>The dashboard has not been built: run <code>make run</code>."
    "</p><p><a href='/docs'>API docs</a></p></body></html>"
)


def upload(s3: Any, bucket: str, dist: Path = DIST, api_base_url: str = "") -> int:
    """Put every file of ``dist`` (or a placeholder page) plus ``config.json``; returns the
    number of objects written."""
    files = [p for p in dist.rglob("*") if p.is_file()] if dist.is_dir() else []
    count = 0
    for path in files:
        key = path.relative_to(dist).as_posix()
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type)
        count += 1
    if not files:
        s3.put_object(
            Bucket=bucket, Key="index.html", Body=PLACEHOLDER.encode(), ContentType="text/html"
        )
        count += 1
    for path in STATIC.rglob("*"):
        if path.is_file():
            key = path.relative_to(STATIC).as_posix()
            s3.put_object(
                Bucket=bucket,
                Key=key,
                Body=path.read_bytes(),
                ContentType=mimetypes.guess_type(key)[0] or "application/octet-stream",
            )
            count += 1
    s3.put_object(
        Bucket=bucket,
        Key="config.json",
        Body=json.dumps({"apiBaseUrl": api_base_url}).encode(),
        ContentType="application/json",
    )
    return count + 1
