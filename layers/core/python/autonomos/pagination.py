"""Opaque keyset cursors and pages (``?limit=`` default 50, max 200; ``?cursor=``)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from autonomos.errors import ValidationFailed

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True)
class Cursor:
    """A position in a newest-first listing: the last row's timestamp and id."""

    at: dt.datetime
    id: uuid.UUID

    def encode(self) -> str:
        raw = json.dumps({"at": self.at.isoformat(), "id": str(self.id)}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode()))
            return cls(at=dt.datetime.fromisoformat(data["at"]), id=uuid.UUID(data["id"]))
        except (binascii.Error, ValueError, KeyError, TypeError) as exc:
            raise ValidationFailed("invalid cursor", [{"field": "cursor"}]) from exc


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
