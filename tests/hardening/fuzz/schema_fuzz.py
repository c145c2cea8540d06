"""Schemathesis against ``/openapi.json`` through the gateway, as the fuzz tenant.

The request budget is shared equally between the operations, in rounds until it is spent
(an operation whose inputs run out leaves its share to the others), and each share is
split between schema-conforming (positive) and schema-violating (negative) cases. Each
response is checked for: no 5xx, a documented status code, a documented content type, and
a body matching the documented schema. 4xx answers to bad input are expected; they only
fail when undocumented.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.strategies import SearchStrategy
from requests.adapters import HTTPAdapter
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.hardening.fuzz.report import Category
from tests.hardening.fuzz.world import Tenant

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
POSITIVE_SHARE = 0.6
MAX_ROUNDS = 4
# Settings the generated ``PUT /tenant/settings`` may change that would stall the fuzzer
# itself (a rate limit of 1/min); restored after each such call.
RESTORE = {"rate_limit_per_minute": 6000, "max_tasks_in_flight": 5000}


class _SourceAdapter(HTTPAdapter):
    """Connections from a given local address (its own per-source login budget)."""

    def __init__(self, source: str) -> None:
        self._source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


def _session(source: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", _SourceAdapter(source))
    return session


def _explore(
    strategy: SearchStrategy[Case], examples: int, seed: int, on_case: Callable[[Case], None]
) -> None:
    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def probe(case: Case) -> None:
        on_case(case)

    probe()


def _explore_operation(
    operation: APIOperation,
    share: int,
    seed: int,
    check: Callable[[Case], None],
    result: Category,
) -> None:
    """About ``share`` cases of ``operation``, split between positive and negative ones."""
    positive = max(1, round(share * POSITIVE_SHARE))
    for mode, examples in (
        (GenerationMode.POSITIVE, positive),
        (GenerationMode.NEGATIVE, max(1, share - positive)),
    ):
        before = result.requests
        try:
            _explore(operation.as_strategy(generation_mode=mode), examples, seed, check)
        except Exception as exc:  # generation impossible (e.g. no negative form)
            if result.requests == before:
                note = f"{operation.label} {mode.value}: {_first_lines(exc, 2)}"
                if note not in result.notes:
                    result.notes.append(note)


def _first_lines(exc: BaseException, limit: int = 6) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return " | ".join(lines[:limit])[:600]


def run(
    base_url: str,
    document: dict[str, Any],
    tenant: Tenant,
    budget: int,
    *,
    seed: int = 0,
    source: str = "127.0.0.1",
) -> Category:
    """Fuzz every operation of ``document`` with about ``budget`` requests in total."""
    result = Category("schemathesis")
    schema = schemathesis.openapi.from_dict(document)
    operations = []
    for loaded in schema.get_all_operations():
        if isinstance(loaded, Ok):
            operations.append(loaded.ok())
        else:  # an operation schemathesis cannot read is a documentation bug
            result.fail(f"unreadable operation: {_first_lines(loaded.err(), 3)}")
    headers = tenant.owner.headers
    session = _session(source)

    def check(case: Case) -> None:
        label = f"{case.method} {case.formatted_path}"
        result.count()
        try:
            response = case.call(base_url=base_url, session=session, headers=headers, timeout=60)
        except Exception as exc:  # a dropped connection is a failure, not a crash
            result.fail(f"{label}: request failed: {_first_lines(exc)}")
            return
        try:
            case.validate_response(
                response, checks=CHECKS, headers=headers, transport_kwargs={"base_url": base_url}
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                message = " ".join(failure.message.split())[:300]
                body = " ".join(response.text.split())[:200]
                result.fail(
                    f"{label} -> {response.status_code}: {failure.title}: {message} | {body}"
                )
        except Exception as exc:
            result.fail(f"{label} -> {response.status_code}: {_first_lines(exc)}")
        if case.method == "PUT" and case.path == "/api/v1/tenant/settings":
            session.put(f"{base_url}/api/v1/tenant/settings", json=RESTORE, headers=headers)

    # Rounds until the budget is spent: an operation whose inputs ran out (a GET without
    # parameters has one case) leaves the later rounds to the others.
    open_ops = list(enumerate(operations))
    for round_number in range(MAX_ROUNDS):
        if result.requests >= budget or not open_ops:
            break
        share = max(2, math.ceil((budget - result.requests) / len(open_ops)))
        still_open = []
        for index, operation in open_ops:
            tried = result.requests
            _explore_operation(operation, share, seed + 1000 * round_number + index, check, result)
            if result.requests - tried >= share:
                still_open.append((index, operation))
        open_ops = still_open
    session.close()
    return result
