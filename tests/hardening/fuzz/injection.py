"""SQL injection and path traversal in source names, table (file) names, column names,
filters and path ids: every answer is a 2xx or a 4xx (never a 5xx), nothing of another
tenant or of the machine comes back, stored objects stay under the tenant's prefix, and
the tenant's data is still whole afterwards."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from tests.hardening.fuzz.cross_tenant import leaked
from tests.hardening.fuzz.report import Category
from tests.hardening.fuzz.world import World
from tests.support.dcl import upload
from tests.support.services import RunningStack

CANARY_FILE = Path("/tmp") / f"autonomos-fuzz-{uuid.uuid4().hex}.csv"
PAYLOADS = [
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    "x'); DELETE FROM tasks; --",
    '"; DROP VIEW IF EXISTS account; --',
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/etc/passwd",
    f"x\"; COPY (SELECT 1) TO '{CANARY_FILE}'; --",
    "read_csv_auto('/etc/passwd')",
    "main.sqlite_master",
    "information_schema.tables",
    "pg_catalog.pg_user",
    "$(id)",
    "{{7*7}}",
    "\u202e\u0000nul",
    "a" * 400,
]
MACHINE_MARKERS = ("root:x:0:0", "[fonts]", "uid=0(")
FILTERS = [
    ("/api/v1/tasks", "status"),
    ("/api/v1/tasks", "type"),
    ("/api/v1/tasks", "cursor"),
    ("/api/v1/users", "cursor"),
    ("/api/v1/dcl/mappings", "status"),
    ("/api/v1/dcl/mappings", "source"),
    ("/api/v1/dcl/mappings", "cursor"),
    ("/api/v1/dcl/preview", "view"),
    ("/api/v1/dcl/lineage", "q"),
    ("/api/v1/agents/finops_pilot/findings", "kind"),
    ("/api/v1/dcl/versions", "cursor"),
]
PATHS = [
    "/api/v1/tasks/{}",
    "/api/v1/tasks/{}/events",
    "/api/v1/agents/{}/findings",
    "/api/v1/dcl/mappings/{}/approve",
]


def _check(result: Category, label: str, response: httpx.Response, world: World) -> None:
    result.count()
    text = response.text
    result.expect(response.status_code < 500, f"{label}: {response.status_code} {text[:200]}")
    found = leaked(text, world.a) + [m for m in MACHINE_MARKERS if m in text]
    result.expect(not found, f"{label}: answer contains {found[:3]}")


def _csv(columns: list[str]) -> bytes:
    quoted = ",".join('"' + c.replace('"', '""') + '"' for c in columns)
    return (quoted + "\n" + ",".join("1" for _ in columns) + "\n").encode()


def run(client: httpx.Client, stack: RunningStack, world: World) -> Category:
    result = Category("injection")
    attacker = world.b.owner
    h = attacker.headers
    before = client.get("/api/v1/users", headers=world.a.owner.headers).json()["items"]
    for n, payload in enumerate(PAYLOADS):
        files = {f"{payload}.csv": _csv(["id", payload, f"{payload}_2"])}
        response = upload(client, attacker, files, name=payload)
        _check(result, f"upload named {payload[:40]!r}", response, world)
        if response.status_code == 201:
            source = response.json()
            _check(result, "the sources list", client.get("/api/v1/dcl/sources", headers=h), world)
            result.expect(
                ".." not in source["key"] and "/" not in source["key"],
                f"source key {source['key']!r} from {payload[:40]!r}",
            )
        sql = {"kind": "sql", "url": f"postgresql://u:p@db.invalid/{payload}", "tables": [payload]}
        _check(
            result,
            f"sql source {payload[:40]!r}",
            client.post("/api/v1/dcl/sources", headers=h, json=sql),
            world,
        )
        for path, name in FILTERS:
            _check(
                result,
                f"{path}?{name}={payload[:40]!r}",
                client.get(path, params={name: payload}, headers=h),
                world,
            )
        for template in PATHS:
            url = template.format(quote(payload, safe=""))
            _check(
                result,
                f"path {url[:60]!r}",
                client.request("POST" if url.endswith("approve") else "GET", url, headers=h),
                world,
            )
        result.count()
        ontology = client.put("/api/v1/dcl/ontology", headers=h, json=_ontology(payload, n))
        result.expect(
            ontology.status_code < 500, f"ontology {payload[:40]!r}: {ontology.status_code}"
        )
    _bucket_keys_stay_inside(result, stack, attacker.tenant_id)
    result.expect(not CANARY_FILE.exists(), f"an injected COPY wrote {CANARY_FILE}")
    after = client.get("/api/v1/users", headers=world.a.owner.headers).json()["items"]
    result.count(2)
    result.expect(len(after) == len(before), "tenant A's users changed during injection")
    return result


def _ontology(payload: str, n: int) -> dict[str, Any]:
    return {
        "entities": [
            {
                "name": f"e{n}_{payload}"[:60],
                "primary_key": payload[:60],
                "fields": [{"name": payload[:60], "type": "string"}],
            }
        ]
    }


def _bucket_keys_stay_inside(result: Category, stack: RunningStack, tenant_id: str) -> None:
    """Every stored object of the attacker is under ``tenants/<id>/`` with no ``..`` part."""
    s3 = stack.s3()
    for bucket in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
        result.count()
        bad = [k for k in keys if ".." in k.split("/") or k.startswith("/") or "\\" in k]
        result.expect(not bad, f"bucket {bucket}: keys escaping their prefix: {bad[:3]}")
        mine = [k for k in keys if tenant_id in k]
        result.expect(
            all(k.startswith(f"tenants/{tenant_id}/") for k in mine),
            f"bucket {bucket}: attacker's keys outside its prefix: {mine[:3]}",
        )
