"""Short narrative summaries of an agent's findings: by the LLM, or by a fixed template."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from autonomos_dcl.errors import LlmError, LlmMalformedAnswerError
from autonomos_dcl.llm.completion import CompletionRequest
from autonomos_dcl.llm.config import LlmConfig
from autonomos_dcl.llm.provider import complete
from autonomos_dcl.llm.types import LlmUsage, SummaryResult

MAX_FINDINGS_IN_PROMPT = 20
MAX_FINDING_TEXT_CHARS = 240
MAX_SUMMARY_CHARS = 1200
TEMPLATE_TOP_TITLES = 3
SEVERITY_ORDER: tuple[str, ...] = ("critical", "high", "medium", "low", "info")

SUMMARY_INSTRUCTION = """\
You summarise the findings of an automated business agent for a busy manager.
The user message is JSON with the agent's name and its findings (severity, title, detail).
Write at most three plain sentences: what matters most first, with the figures the \
findings give. State only what the findings say. No lists, no Markdown."""


def _severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def _severity(finding: Mapping[str, Any]) -> str:
    return str(finding.get("severity") or "unknown").lower()


def _title(finding: Mapping[str, Any]) -> str:
    return str(finding.get("title") or "untitled finding").strip()


def template_summary(agent_name: str, findings: Sequence[Mapping[str, Any]]) -> str:
    """A deterministic one-paragraph summary, used when no LLM is configured (or it fails).

    Example: ``"finops_pilot: 3 findings (1 high, 2 medium). Top: A; B; C."``. Severities
    are counted from ``finding["severity"]`` and ordered critical, high, medium, low,
    info, then others alphabetically; "Top" lists the first titles by severity, keeping
    the given order within a severity.
    """
    if not findings:
        return f"{agent_name}: no findings."
    counts = Counter(_severity(finding) for finding in findings)
    ordered = sorted(counts, key=lambda severity: (_severity_rank(severity), severity))
    breakdown = ", ".join(f"{counts[severity]} {severity}" for severity in ordered)
    noun = "finding" if len(findings) == 1 else "findings"
    ranked = sorted(
        enumerate(findings),
        key=lambda item: (_severity_rank(_severity(item[1])), _severity(item[1]), item[0]),
    )
    top = "; ".join(_title(finding) for _, finding in ranked[:TEMPLATE_TOP_TITLES])
    return f"{agent_name}: {len(findings)} {noun} ({breakdown}). Top: {top}."


def _finding_payload(finding: Mapping[str, Any]) -> dict[str, str]:
    payload = {"severity": _severity(finding), "title": _title(finding)[:MAX_FINDING_TEXT_CHARS]}
    detail = finding.get("detail")
    if detail:
        payload["detail"] = str(detail)[:MAX_FINDING_TEXT_CHARS]
    return payload


def summary_request(agent_name: str, findings: Sequence[Mapping[str, Any]]) -> CompletionRequest:
    """The provider request: the most severe ``MAX_FINDINGS_IN_PROMPT`` findings as JSON."""
    ranked = sorted(
        enumerate(findings), key=lambda item: (_severity_rank(_severity(item[1])), item[0])
    )
    payload = {
        "agent": agent_name,
        "finding_count": len(findings),
        "findings": [_finding_payload(f) for _, f in ranked[:MAX_FINDINGS_IN_PROMPT]],
    }
    return CompletionRequest(
        system=SUMMARY_INSTRUCTION,
        user=json.dumps(payload, separators=(",", ":"), ensure_ascii=False),
    )


def summarize_findings(
    config: LlmConfig, agent_name: str, findings: Sequence[Mapping[str, Any]]
) -> tuple[str, LlmUsage]:
    """A short narrative summary of ``findings`` written by ``config``'s model.

    Returns ``(text, usage)``; the text is stripped and cut to ``MAX_SUMMARY_CHARS``.
    Raises the typed ``LlmError`` subclasses (an empty answer is ``LlmMalformedAnswerError``).
    """
    completion = complete(config, summary_request(agent_name, findings))
    text = completion.text.strip()
    if not text:
        raise LlmMalformedAnswerError(f"{config.label} returned an empty summary")
    return text[:MAX_SUMMARY_CHARS], completion.usage


def summarize_or_template(
    config: LlmConfig | None, agent_name: str, findings: Sequence[Mapping[str, Any]]
) -> SummaryResult:
    """The LLM summary when ``config`` is set and the call succeeds, else
    :func:`template_summary`; never raises an ``LlmError``. No LLM call is made for an
    empty list of findings."""
    if config is None:
        return SummaryResult(
            text=template_summary(agent_name, findings),
            usage=LlmUsage(),
            method="template",
            narration="No LLM configured: summary from the template.",
        )
    if not findings:
        return SummaryResult(
            text=template_summary(agent_name, findings),
            usage=LlmUsage(),
            method="template",
            narration="No findings to summarise.",
        )
    try:
        text, usage = summarize_findings(config, agent_name, findings)
    except LlmError as error:
        return SummaryResult(
            text=template_summary(agent_name, findings),
            usage=LlmUsage(),
            method="template",
            narration=f"LLM {config.label} summary failed ({error.code}); used the template.",
        )
    return SummaryResult(
        text=text,
        usage=usage,
        method="llm",
        narration=f"LLM {config.label} wrote the summary ({usage.calls} call, "
        f"{usage.input_tokens} tokens in, {usage.output_tokens} tokens out).",
    )
