"""Agent settings: defaults, parsing, validation errors."""

from datetime import date

import pytest

from autonomos_dcl.agents import (
    FinOpsSettings,
    RevOpsSettings,
    parse_settings,
    resolve_settings,
)
from autonomos_dcl.errors import InvalidAgentSettingsError, UnknownAgentError


def test_defaults_are_sensible() -> None:
    finops = FinOpsSettings()
    assert finops.idle_cpu_pct < finops.downsize_target_cpu_pct
    assert finops.anomaly_min_baseline_days <= finops.anomaly_window_days
    assert finops.as_of is None
    revops = RevOpsSettings()
    assert revops.won_stages == ("closedwon", "won")
    assert revops.high_amount > revops.medium_amount


def test_parse_settings_builds_the_agents_class() -> None:
    settings = parse_settings("finops_pilot", {"idle_cpu_pct": 2, "as_of": "2025-03-31"})
    assert isinstance(settings, FinOpsSettings)
    assert settings.idle_cpu_pct == 2.0
    assert settings.as_of == date(2025, 3, 31)
    assert isinstance(parse_settings("revops_pilot", None), RevOpsSettings)


def test_unknown_keys_and_bad_values_are_400_naming_the_key() -> None:
    with pytest.raises(InvalidAgentSettingsError) as unknown:
        parse_settings("finops_pilot", {"idle_cpu": 2})
    assert "idle_cpu" in str(unknown.value)
    assert unknown.value.status == 400 and unknown.value.code == "invalid_agent_settings"
    with pytest.raises(InvalidAgentSettingsError) as bad:
        parse_settings("finops_pilot", {"idle_cpu_pct": 150})
    assert "idle_cpu_pct" in str(bad.value)
    with pytest.raises(InvalidAgentSettingsError):
        parse_settings("revops_pilot", {"won_stages": [" ", "--"]})


def test_unknown_agent_is_404() -> None:
    with pytest.raises(UnknownAgentError) as raised:
        parse_settings("nobody", {})
    assert raised.value.status == 404


def test_stage_names_are_normalised_to_keys() -> None:
    settings = RevOpsSettings(won_stages=("Closed Won", "Signed!"), risk_levels=(" HIGH ",))
    assert settings.won_stages == ("closedwon", "signed")
    assert settings.risk_levels == ("high",)


def test_settings_are_frozen() -> None:
    settings = FinOpsSettings()
    with pytest.raises(ValueError, match="frozen"):
        settings.idle_cpu_pct = 1.0  # type: ignore[misc]


def test_resolve_settings_accepts_none_mappings_and_the_right_class() -> None:
    assert resolve_settings("revops_pilot", None) == RevOpsSettings()
    parsed = resolve_settings("revops_pilot", {"near_close_days": 7})
    assert isinstance(parsed, RevOpsSettings) and parsed.near_close_days == 7
    own = FinOpsSettings(top_drivers=3)
    assert resolve_settings("finops_pilot", own) is own
    with pytest.raises(InvalidAgentSettingsError):
        resolve_settings("revops_pilot", own)
