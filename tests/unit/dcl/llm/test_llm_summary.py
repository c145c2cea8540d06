"""Template summaries and the summary prompt (no I/O)."""

from __future__ import annotations

import json

from autonomos_dcl.llm import summarize_or_template, template_summary
from autonomos_dcl.llm.summary import (
    MAX_FINDING_TEXT_CHARS,
    MAX_FINDINGS_IN_PROMPT,
    summary_request,
)

FINDINGS = [
    {"severity": "medium", "title": "Idle volume vol-1"},
    {"severity": "high", "title": "Cost spike on EC2"},
    {"severity": "low", "title": "Untagged bucket"},
    {"severity": "high", "title": "Oversized RDS"},
    {"severity": "weird", "title": "Odd thing"},
]


def test_template_counts_severities_most_severe_first() -> None:
    text = template_summary("finops_pilot", FINDINGS)
    assert text.startswith("finops_pilot: 5 findings (2 high, 1 medium, 1 low, 1 weird).")


def test_template_lists_top_titles_by_severity_then_given_order() -> None:
    text = template_summary("finops_pilot", FINDINGS)
    assert text.endswith("Top: Cost spike on EC2; Oversized RDS; Idle volume vol-1.")


def test_template_handles_no_findings_one_finding_and_missing_keys() -> None:
    assert template_summary("revops_pilot", []) == "revops_pilot: no findings."
    assert template_summary("a", [{}]) == "a: 1 finding (1 unknown). Top: untitled finding."


def test_template_is_deterministic() -> None:
    assert template_summary("x", FINDINGS) == template_summary("x", list(FINDINGS))


def test_summary_request_sends_the_most_severe_findings_cut_to_size() -> None:
    many = [{"severity": "low", "title": f"low {i}"} for i in range(30)]
    many.append({"severity": "critical", "title": "C" * 1000, "detail": "D" * 1000})
    payload = json.loads(summary_request("finops_pilot", many).user)
    assert payload["agent"] == "finops_pilot"
    assert payload["finding_count"] == 31
    assert len(payload["findings"]) == MAX_FINDINGS_IN_PROMPT
    first = payload["findings"][0]
    assert first["severity"] == "critical"
    assert len(first["title"]) == len(first["detail"]) == MAX_FINDING_TEXT_CHARS


def test_without_a_config_the_template_is_used_and_nothing_is_spent() -> None:
    result = summarize_or_template(None, "finops_pilot", FINDINGS)
    assert result.method == "template"
    assert result.text == template_summary("finops_pilot", FINDINGS)
    assert result.usage.calls == 0
    assert "No LLM" in result.narration
