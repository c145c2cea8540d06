"""The chaos run's result: the table the issue asks for, and whether the run passed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tests.hardening.chaos.client import Answers
from tests.hardening.chaos.faults import FaultRecord
from tests.hardening.chaos.probe import ProbeAnswer
from tests.hardening.chaos.verify import Verdict


@dataclass
class ChaosReport:
    faults: list[FaultRecord]
    verdict: Verdict
    probes: list[ProbeAnswer]
    stream_answers: Answers
    refused: list[str]
    seconds: float
    redriven: int = 0  # dead letters the tenants sent back after the incident

    @property
    def server_errors(self) -> list[str]:
        """5xx answers other than 503, from the probe and from the stream's submits."""
        probed = [
            f"{p.fault} {p.request}: {p.status}"
            for p in self.probes
            if p.status is not None and p.status >= 500 and p.bad
        ]
        return probed + self.stream_answers.server_errors

    @property
    def client_errors(self) -> list[str]:
        """4xx answers other than 429 during outages."""
        return [
            f"{p.fault} {p.request}: {p.status}"
            for p in self.probes
            if p.status is not None and 400 <= p.status < 500 and p.bad
        ]

    @property
    def hangs(self) -> list[str]:
        return [
            f"{p.fault} {p.request}: no answer in {p.seconds:.1f} s ({p.error})"
            for p in self.probes
            if p.status is None
        ]

    @property
    def max_recovery(self) -> float | None:
        times = [f.recovery_seconds for f in self.faults if f.recovery_seconds is not None]
        return max(times) if times else None

    @property
    def failures(self) -> list[str]:
        """Every reason this run fails; empty when it passed."""
        v = self.verdict
        reasons = [f"lost: {x}" for x in v.lost] + [f"duplicated: {x}" for x in v.duplicated]
        reasons += [f"callback missing: {x}" for x in v.callbacks_missing]
        reasons += [f"callback duplicated: {x}" for x in v.callbacks_duplicated]
        reasons += [f"anomaly: {x}" for x in v.anomalies]
        reasons += [f"failed unexpectedly: {x}" for x in v.failed_unexpectedly]
        reasons += [f"5xx not 503: {x}" for x in self.server_errors]
        reasons += [f"hang: {x}" for x in self.hangs]
        reasons += [f"4xx during an outage: {x}" for x in self.client_errors]
        reasons += [f"never accepted: {x}" for x in self.refused]
        reasons += [f"fault {f.name}: {f.error}" for f in self.faults if f.error]
        return reasons

    def _fault_row(self, fault: FaultRecord) -> str:
        answers = Counter(p.status for p in self.probes if p.fault == fault.label)
        seen = ", ".join(f"{s or 'none'}: {n}" for s, n in sorted(answers.items(), key=str))
        recovery = fault.recovery_seconds
        return (
            f"| {fault.label} | {fault.ended - fault.started:.1f} s | "
            + (f"{recovery:.1f} s" if recovery is not None else "n/a")
            + f" | {seen or '-'} |"
        )

    def table(self) -> str:
        v = self.verdict
        kinds = Counter(f.name for f in self.faults)
        recovery = self.max_recovery
        statuses = Counter(p.status for p in self.probes)
        rows = [
            (
                "faults injected",
                f"{len(self.faults)} (" + ", ".join(f"{k} x{n}" for k, n in kinds.items()) + ")",
            ),
            ("tasks accepted", str(v.accepted)),
            ("completed", f"{v.completed} ({v.succeeded} succeeded)"),
            ("lost", str(len(v.lost) + len(self.refused))),
            ("duplicated", str(len(v.duplicated))),
            ("failed unexpectedly", str(len(v.failed_unexpectedly))),
            ("callbacks expected", str(v.callbacks_expected)),
            ("callbacks missing", str(len(v.callbacks_missing))),
            (
                "callbacks duplicated",
                f"{len(v.callbacks_duplicated)} "
                f"(+{v.callback_redeliveries} redeliveries deduped by event id)",
            ),
            (
                "probe answers during outages",
                ", ".join(
                    f"{s if s is not None else 'none'}: {n}"
                    for s, n in sorted(statuses.items(), key=lambda item: str(item[0]))
                ),
            ),
            ("5xx not 503", str(len(self.server_errors))),
            ("hangs", str(len(self.hangs))),
            ("4xx (not 429) during outages", str(len(self.client_errors))),
            ("tasks re-run after a worker loss", str(v.recovered_tasks)),
            ("dead letters redriven afterwards", str(self.redriven)),
            ("max recovery time", f"{recovery:.1f} s" if recovery is not None else "n/a"),
            ("wall time", f"{self.seconds:.0f} s"),
        ]
        width = max(len(name) for name, _ in rows)
        lines = [f"| {'measure'.ljust(width)} | value |", f"|{'-' * (width + 2)}|-------|"]
        lines += [f"| {name.ljust(width)} | {value} |" for name, value in rows]
        lines += ["", "| fault | outage | recovery | probe answers (status: count) |"]
        lines += ["|---|---|---|---|", *[self._fault_row(f) for f in self.faults]]
        return "\n".join(lines)
