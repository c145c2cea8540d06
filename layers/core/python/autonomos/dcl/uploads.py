"""Parse ``POST /api/v1/dcl/sources`` bodies: multipart file uploads or a JSON SQL source."""

from __future__ import annotations

from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP

from pydantic import ValidationError

from autonomos.errors import BadRequest, UnsupportedMediaType, ValidationFailed
from autonomos.json_input import parse_json, refuse_nul
from autonomos.schemas.dcl import SqlSourceCreate

MAX_FILES = 20


@dataclass(frozen=True)
class FileUpload:
    files: dict[str, bytes]
    name: str | None


def parse_upload(content_type: str, body: bytes) -> FileUpload | SqlSourceCreate:
    if content_type.startswith("application/json"):
        try:
            return SqlSourceCreate.model_validate(parse_json(body or b"null"))
        except ValidationError as exc:
            raise ValidationFailed(
                "invalid SQL source",
                [
                    {"field": ".".join(map(str, e["loc"])), "message": e["msg"]}
                    for e in exc.errors(include_url=False, include_input=False)
                ],
            ) from exc
    if not content_type.startswith("multipart/form-data"):
        raise UnsupportedMediaType("send files as multipart/form-data or a SQL source as JSON")
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body
    )
    if not message.is_multipart():
        raise BadRequest("malformed multipart body")
    files: dict[str, bytes] = {}
    name: str | None = None
    for part in message.iter_parts():
        field = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if filename:
            refuse_nul(filename, "a file name")
            if filename in files:
                raise ValidationFailed(f"file {filename!r} uploaded twice", [{"field": "files"}])
            files[filename] = payload
        elif field == "name":
            name = refuse_nul(payload.decode("utf-8", "replace"), "the source name")
            name = name.strip()[:200] or None
    if not files:
        raise ValidationFailed("no files in the upload", [{"field": "files"}])
    if len(files) > MAX_FILES:
        raise ValidationFailed(f"at most {MAX_FILES} files per source", [{"field": "files"}])
    return FileUpload(files, name)
