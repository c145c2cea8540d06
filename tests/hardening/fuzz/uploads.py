"""Oversized and malformed input: decompression bombs, CSV with huge column counts,
deeply nested JSON (files and request bodies), too many or too big files, broken
multipart, wrong media types. Each gets its documented 4xx (the file named where one is
involved), never a 5xx."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tests.hardening.fuzz.report import Category
from tests.support.api import Account
from tests.support.dcl import upload


@dataclass(frozen=True)
class Case:
    name: str
    send: Callable[[httpx.Client, Account], httpx.Response]
    statuses: frozenset[int]
    names: str = ""  # text the error message must contain (the file name)


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.csv", b"a,b\n" + b"0,0\n" * 5_000_000)
    return buffer.getvalue()


def _parquet_bomb() -> bytes:
    rows = 990_000
    indices = pa.array(np.zeros(rows, dtype=np.int32))
    table = pa.table({"v": pa.DictionaryArray.from_arrays(indices, pa.array(["x" * 2000]))})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def _parquet_rows_bomb() -> bytes:
    table = pa.table({"n": pa.array(np.zeros(3_000_000, dtype=np.int8))})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def _files(files: dict[str, bytes]) -> Callable[[httpx.Client, Account], httpx.Response]:
    return lambda client, account: upload(client, account, files)


def _raw(
    path: str, body: bytes, content_type: str, **headers: str
) -> Callable[[httpx.Client, Account], httpx.Response]:
    def send(client: httpx.Client, account: Account) -> httpx.Response:
        return client.post(
            path,
            content=body,
            headers={**account.headers, "Content-Type": content_type, **headers},
        )

    return send


def _nested(depth: int) -> bytes:
    return b'{"type": "echo", "payload": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}"


def cases() -> list[Case]:
    huge_header = ",".join(f"c{i}" for i in range(600_000)).encode() + b"\n"
    wide = ",".join(f"c{i}" for i in range(5_000)).encode() + b"\n" + b"1," * 4999 + b"1\n"
    deep_array = b"[" * 200_000 + b"]" * 200_000
    deep_file = b'[{"a": ' + b'{"b": ' * 5_000 + b"1" + b"}" * 5_000 + b"}]"
    long_line = b"a,b\n" + b"1," + b"x" * 2_000_000 + b"\n"
    limits = frozenset({400, 413})
    zip_bomb = _zip_bomb()
    return [
        Case("zip archive", _files({"bomb.zip": zip_bomb}), frozenset({400}), "bomb.zip"),
        Case("zip named .csv", _files({"zipped.csv": zip_bomb}), limits, "zipped.csv"),
        Case(
            "gzip named .csv",
            _files({"gz.csv": gzip.compress(b"a,b\n1,2\n" * 100_000)}),
            limits,
            "gz.csv",
        ),
        Case(
            ".csv.gz",
            _files({"data.csv.gz": gzip.compress(b"a\n1\n")}),
            frozenset({400}),
            "data.csv.gz",
        ),
        Case(
            "parquet text bomb",
            _files({"pq_bomb.parquet": _parquet_bomb()}),
            frozenset({413}),
            "pq_bomb.parquet",
        ),
        Case(
            "parquet rows bomb",
            _files({"rows.parquet": _parquet_rows_bomb()}),
            frozenset({413}),
            "rows.parquet",
        ),
        Case(
            "parquet garbage",
            _files({"junk.parquet": b"PAR1" + b"\x00" * 5000 + b"PAR1"}),
            frozenset({400}),
            "junk.parquet",
        ),
        Case("CSV 600k columns", _files({"columns.csv": huge_header}), limits, "columns.csv"),
        Case("CSV 5000 columns", _files({"wide.csv": wide}), frozenset({413}), "wide.csv"),
        # One long value within the upload size is data, not an attack: read or refused.
        Case("CSV 2 MB line", _files({"line.csv": long_line}), frozenset({201, 400, 413})),
        Case(
            "CSV not UTF-8",
            _files({"latin.csv": "a,b\né,ü\n".encode("latin-1")}),
            frozenset({400}),
            "latin.csv",
        ),
        Case(
            "CSV with NUL bytes", _files({"nul.csv": b"a,b\n1,\x00\n"}), frozenset({400}), "nul.csv"
        ),
        Case("empty file", _files({"empty.csv": b""}), frozenset({400}), "empty.csv"),
        Case("JSON nested 200k deep", _files({"deep.json": deep_array}), limits, "deep.json"),
        Case("JSON objects 5k deep", _files({"deep2.json": deep_file}), limits, "deep2.json"),
        Case(
            "JSON huge integer",
            _files({"int.json": b'[{"n": ' + b"9" * 50_000 + b"}]"}),
            limits,
            "int.json",
        ),
        Case("21 files", _files({f"f{i}.csv": b"a\n1\n" for i in range(21)}), frozenset({400})),
        Case(
            "upload over the limit",
            _files({"big.csv": b"a\n" + b"1234567\n" * 1_400_000}),
            frozenset({413}),
        ),
        Case(
            "multipart without boundary",
            _raw("/api/v1/dcl/sources", b"--x\r\n\r\n", "multipart/form-data"),
            frozenset({400}),
        ),
        Case(
            "multipart truncated",
            _raw(
                "/api/v1/dcl/sources",
                b'--b\r\nContent-Disposition: form-data; name="files"; filename="t.csv"\r\n\r\na,b',
                "multipart/form-data; boundary=b",
            ),
            frozenset({400}),
        ),
        Case(
            "upload as XML",
            _raw("/api/v1/dcl/sources", b"<a/>", "application/xml"),
            frozenset({415}),
        ),
        Case(
            "task body nested 100k deep",
            _raw("/api/v1/tasks", _nested(100_000), "application/json"),
            frozenset({400}),
        ),
        Case(
            "task body nested 5k deep",
            _raw("/api/v1/tasks", _nested(5_000), "application/json"),
            frozenset({400}),
        ),
        Case(
            "task body nested 800 deep",
            _raw("/api/v1/tasks", _nested(800), "application/json"),
            frozenset({202, 400}),
        ),
        Case(
            "task body over MAX_BODY_BYTES",
            _raw(
                "/api/v1/tasks",
                b'{"type": "echo", "payload": {"x": "' + b"a" * 1_100_000 + b'"}}',
                "application/json",
            ),
            frozenset({413}),
        ),
        Case(
            "task body gzip-encoded",
            _raw(
                "/api/v1/tasks",
                gzip.compress(b'{"type":"echo","payload":{}}'),
                "application/json",
                **{"Content-Encoding": "gzip"},
            ),
            frozenset({400}),
        ),
        Case(
            "task body not UTF-8",
            _raw("/api/v1/tasks", b'{"type": "\xff\xfe"}', "application/json"),
            frozenset({400}),
        ),
        Case(
            "task body NaN and 1e999",
            _raw(
                "/api/v1/tasks",
                b'{"type": "echo", "payload": {"a": NaN, "b": 1e999}}',
                "application/json",
            ),
            frozenset({202, 400}),
        ),
        Case(
            "match body nested 100k deep",
            _raw(
                "/api/v1/dcl/match",
                b'{"source": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                "application/json",
            ),
            frozenset({400}),
        ),
        Case(
            "login as XML", _raw("/api/v1/auth/login", b"<a/>", "application/xml"), frozenset({415})
        ),
        Case(
            "body over the gateway's 10 MiB",
            _raw("/api/v1/tasks", b"0" * (10 * 1024 * 1024 + 10), "application/json"),
            frozenset({413}),
        ),
    ]


def run(client: httpx.Client, account: Account) -> Category:
    result = Category("uploads & bodies")
    for case in cases():
        result.count()
        try:
            response = case.send(client, account)
        except httpx.HTTPError as exc:
            result.fail(f"{case.name}: no answer ({exc!r})")
            continue
        text = response.text[:300]
        result.expect(
            response.status_code in case.statuses,
            f"{case.name}: {response.status_code} (expected {sorted(case.statuses)}): {text}",
        )
        if case.names and response.status_code in (400, 413):
            message = response.json().get("error", {}).get("message", "")
            result.expect(
                case.names in message,
                f"{case.name}: message {message!r} does not name {case.names}",
            )
    return result
