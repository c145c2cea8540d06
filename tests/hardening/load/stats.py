"""Figures from the recorded samples and the tasks' fates: per endpoint, per tenant, and
the run as a whole (throughput, errors, fairness)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from tests.hardening.load.accounting import TaskFate
from tests.hardening.load.recorder import Outcome, Sample
from tests.support.stats import percentile


@dataclass(frozen=True)
class Latency:
    """p50/p95/p99 in milliseconds (NaN when nothing was measured)."""

    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        ms = [s * 1000 for s in seconds]
        return cls(percentile(ms, 50), percentile(ms, 95), percentile(ms, 99))


@dataclass(frozen=True)
class EndpointStats:
    """One route template: how many requests, their latency and how they ended."""

    endpoint: str
    count: int
    latency: Latency
    errors: int  # 5xx, unexpected 4xx, no answer
    server_errors: int
    throttled: int

    @property
    def error_rate(self) -> float:
        return self.errors / self.count if self.count else 0.0


@dataclass(frozen=True)
class TenantStats:
    """One tenant: its request latency, the tasks it got done and how long they took."""

    tenant: str
    requests: int
    request_p50_ms: float
    tasks_accepted: int
    tasks_succeeded: int
    task_latency: Latency  # client send -> finished_at, finished echo tasks
    connects_succeeded: int
    connect_p50_ms: float  # client send -> finished_at, finished dcl.connect tasks


@dataclass(frozen=True)
class Stages:
    """Where a task type's completion latency went, over its finished tasks: client send →
    row inserted → claimed by a worker (queue wait) → finished."""

    task_type: str
    count: int
    accepted: Latency
    queued: Latency
    running: Latency


def stages(fates: list[TaskFate], task_type: str) -> Stages:
    done = [
        f
        for f in fates
        if f.accepted.task_type == task_type
        and None not in (f.created_at, f.started_at, f.finished_at)
    ]

    def span(pairs: list[tuple[float | None, float | None]]) -> Latency:
        return Latency.of([b - a for a, b in pairs if a is not None and b is not None])

    return Stages(
        task_type,
        len(done),
        span([(f.accepted.sent_at, f.created_at) for f in done]),
        span([(f.created_at, f.started_at) for f in done]),
        span([(f.started_at, f.finished_at) for f in done]),
    )


@dataclass(frozen=True)
class Summary:
    """The whole run."""

    seconds: float
    requests: int
    endpoints: list[EndpointStats]
    tenants: list[TenantStats]
    tasks_accepted: int
    tasks_succeeded: int
    tasks_failed: int
    tasks_lost: int
    task_span_seconds: float  # first accepted send -> last finished_at
    connects_succeeded: int
    server_errors: int
    unexpected: int
    transport: int
    throttled: int
    violations: list[str]  # answers that broke the contract, crashed users, bad end state
    stages: list[Stages]
    windows: list[Window]

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else math.nan

    @property
    def tasks_per_second(self) -> float:
        span = self.task_span_seconds
        return self.tasks_succeeded / span if span > 0 else math.nan

    @property
    def request_fairness(self) -> float:
        """Slowest tenant's request p50 ÷ fastest tenant's."""
        return _ratio([t.request_p50_ms for t in self.tenants])

    @property
    def task_fairness(self) -> float:
        """Slowest tenant's echo task completion p50 ÷ fastest tenant's."""
        return _ratio([t.task_latency.p50 for t in self.tenants])


@dataclass(frozen=True)
class Window:
    """Requests sent during one slice of the run: how many per second, their p50 (ms)."""

    start: float  # seconds since the first request
    requests_per_second: float
    p50_ms: float


def windows(samples: list[Sample], width: float = 10.0) -> list[Window]:
    """The run in slices of ``width`` seconds (by send time), to show whether throughput and
    latency held steady or degraded as the run went on."""
    if not samples:
        return []
    first = min(s.sent_at for s in samples)
    slices: dict[int, list[float]] = defaultdict(list)
    for sample in samples:
        slices[int((sample.sent_at - first) // width)].append(sample.seconds * 1000)
    span = max(s.sent_at for s in samples) - first

    def seconds(i: int) -> float:  # the last slice is usually partial
        return max(1.0, min(width, span - i * width))

    return [
        Window(i * width, len(slices[i]) / seconds(i), percentile(slices[i], 50))
        for i in range(max(slices) + 1)
    ]


def _ratio(values: list[float]) -> float:
    known = [v for v in values if not math.isnan(v)]
    if not known or min(known) <= 0:
        return math.nan
    return max(known) / min(known)


def endpoint_stats(samples: list[Sample]) -> list[EndpointStats]:
    """One row per endpoint, busiest first."""
    by: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by[sample.endpoint].append(sample)
    rows = [
        EndpointStats(
            endpoint=name,
            count=len(group),
            latency=Latency.of([s.seconds for s in group]),
            errors=sum(s.outcome.is_error for s in group),
            server_errors=sum(s.outcome is Outcome.SERVER_ERROR for s in group),
            throttled=sum(s.outcome is Outcome.THROTTLED for s in group),
        )
        for name, group in by.items()
    ]
    return sorted(rows, key=lambda r: (-r.count, r.endpoint))


def tenant_stats(
    tenants: list[str], samples: list[Sample], fates: list[TaskFate]
) -> list[TenantStats]:
    """One row per tenant, in the order given."""
    requests: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        requests[sample.tenant].append(sample.seconds * 1000)
    tasks: dict[str, list[TaskFate]] = defaultdict(list)
    for fate in fates:
        tasks[fate.accepted.tenant].append(fate)
    rows = []
    for tenant in tenants:
        mine = tasks[tenant]
        rows.append(
            TenantStats(
                tenant=tenant,
                requests=len(requests[tenant]),
                request_p50_ms=percentile(requests[tenant], 50),
                tasks_accepted=len(mine),
                tasks_succeeded=sum(f.status == "success" for f in mine),
                task_latency=Latency.of(_latencies(mine, "echo")),
                connects_succeeded=sum(
                    f.status == "success" and f.accepted.task_type == "dcl.connect" for f in mine
                ),
                connect_p50_ms=Latency.of(_latencies(mine, "dcl.connect")).p50,
            )
        )
    return rows


def _latencies(fates: list[TaskFate], task_type: str) -> list[float]:
    return [f.latency for f in fates if f.latency is not None and f.accepted.task_type == task_type]


def summarise(
    tenants: list[str],
    samples: list[Sample],
    fates: list[TaskFate],
    seconds: float,
    violations: list[str],
) -> Summary:
    """Everything the report prints, from what was recorded during ``seconds`` of load."""
    finished = [f.finished_at for f in fates if f.finished_at is not None]
    first_sent = min((f.accepted.sent_at for f in fates), default=math.nan)
    span = max(finished) - first_sent if finished else math.nan
    per_tenant = tenant_stats(tenants, samples, fates)
    return Summary(
        seconds=seconds,
        requests=len(samples),
        endpoints=endpoint_stats(samples),
        tenants=per_tenant,
        tasks_accepted=len(fates),
        tasks_succeeded=sum(f.status == "success" for f in fates),
        tasks_failed=sum(f.status == "failed" for f in fates),
        tasks_lost=sum(f.lost for f in fates),
        task_span_seconds=span,
        connects_succeeded=sum(t.connects_succeeded for t in per_tenant),
        server_errors=sum(s.outcome is Outcome.SERVER_ERROR for s in samples),
        unexpected=sum(s.outcome is Outcome.UNEXPECTED for s in samples),
        transport=sum(s.outcome is Outcome.TRANSPORT for s in samples),
        throttled=sum(s.outcome is Outcome.THROTTLED for s in samples),
        violations=violations,
        stages=[stages(fates, t) for t in sorted({f.accepted.task_type for f in fates})],
        windows=windows(samples),
    )
