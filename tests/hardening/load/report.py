"""The printed report of a load run and its verdict."""

from __future__ import annotations

import math

from tests.hardening.load.stats import Summary


def problems(summary: Summary) -> list[str]:
    """What makes the run fail: any 5xx, unexpected 4xx or request without an answer, any
    accepted task lost (not terminal after the drain) or failed (the load only submits
    tasks that should succeed), any broken invariant. 429s are the designed quota."""
    found = []
    if summary.server_errors:
        found.append(f"{summary.server_errors} responses with a 5xx status")
    if summary.unexpected:
        found.append(f"{summary.unexpected} unexpected 4xx responses")
    if summary.transport:
        found.append(f"{summary.transport} requests without an answer")
    if summary.tasks_lost:
        found.append(f"{summary.tasks_lost} accepted tasks not terminal after the drain")
    if summary.tasks_failed:
        found.append(f"{summary.tasks_failed} tasks failed")
    if summary.violations:
        found.append(f"{len(summary.violations)} broken invariants")
    return found


def _ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.0f}"


def _ratio(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}x"


def render(summary: Summary, header: str = "") -> str:
    """The throughput lines, the per-endpoint table, the per-tenant fairness table and the
    verdict, as text."""
    s = summary
    lines = [header] if header else []
    lines += [
        f"load ran {s.seconds:.1f} s: {s.requests} requests ({s.requests_per_second:.1f}/s), "
        f"{s.tasks_accepted} tasks accepted, {s.tasks_succeeded} succeeded "
        f"({s.tasks_per_second:.1f} tasks/s from first send to last finish), "
        f"{s.connects_succeeded} dcl.connect succeeded",
        f"errors: {s.server_errors} 5xx, {s.unexpected} unexpected 4xx, {s.transport} without "
        f"answer; throttled (429): {s.throttled}; tasks failed {s.tasks_failed}, "
        f"lost {s.tasks_lost}",
        "over time (10 s slices): requests/s "
        + " ".join(f"{w.requests_per_second:.0f}" for w in s.windows)
        + "; p50 ms "
        + " ".join(_ms(w.p50_ms) for w in s.windows),
        "",
        f"{'endpoint':<40} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>7} {'429s':>5}",
    ]
    for e in s.endpoints:
        lines.append(
            f"{e.endpoint:<40} {e.count:>6} {_ms(e.latency.p50):>7} {_ms(e.latency.p95):>7} "
            f"{_ms(e.latency.p99):>7} {100 * e.error_rate:>6.2f}% {e.throttled:>5}"
        )
    lines += [
        "",
        "where task latency goes, p50/p95 ms: send -> row inserted -> claimed -> finished",
    ]
    for st in s.stages:
        lines.append(
            f"  {st.task_type:<12} {st.count:>6} tasks: "
            + ", ".join(
                f"{name} {_ms(lat.p50)}/{_ms(lat.p95)}"
                for name, lat in (
                    ("accept", st.accepted),
                    ("queued", st.queued),
                    ("running", st.running),
                )
            )
        )
    lines += [
        "",
        f"{'tenant':<10} {'requests':>8} {'req p50 ms':>10} {'tasks':>6} {'success':>7} "
        f"{'task p50 ms':>11} {'task p95 ms':>11} {'connects':>8} {'connect p50 ms':>14}",
    ]
    for t in s.tenants:
        lines.append(
            f"{t.tenant[:8]:<10} {t.requests:>8} {_ms(t.request_p50_ms):>10} "
            f"{t.tasks_accepted:>6} {t.tasks_succeeded:>7} {_ms(t.task_latency.p50):>11} "
            f"{_ms(t.task_latency.p95):>11} {t.connects_succeeded:>8} {_ms(t.connect_p50_ms):>14}"
        )
    lines += [
        "",
        f"fairness (slowest tenant's p50 / fastest's): requests {_ratio(s.request_fairness)}, "
        f"echo task completion {_ratio(s.task_fairness)}",
    ]
    lines += [f"broken invariant: {v}" for v in s.violations[:20]]
    found = problems(s)
    lines.append("verdict: " + ("FAIL - " + "; ".join(found) if found else "PASS"))
    return "\n".join(lines)
