"""Agent settings: thresholds with sensible defaults, validated by pydantic.

Every agent takes an :class:`AgentSettings` subclass; :func:`parse_settings`
builds the right one from a JSON object (for example the tenant's stored
settings for that agent), rejecting unknown keys and bad values with
:class:`~autonomos_dcl.errors.InvalidAgentSettingsError` (400).

Percentages are on a 0-100 scale, money in the cost data's currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from autonomos_dcl.agents.names import stage_key
from autonomos_dcl.errors import InvalidAgentSettingsError, UnknownAgentError


class AgentSettings(BaseModel):
    """Settings every agent shares.

    - ``as_of``: the day the analysis treats as "today"; None means the
      freshest date in the data (each agent's docs say which).
    - ``max_findings_per_kind``: per-item finding kinds (one finding per
      resource, deal, account...) keep the most important this many;
      ``summary_facts`` still count them all.
    - ``max_evidence_rows``: evidence rows listed per finding.
    - ``high_amount`` / ``medium_amount``: money at stake from which a
      per-item finding is ``high`` / ``medium`` (below: ``low``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    as_of: date | None = None
    max_findings_per_kind: int = Field(default=20, ge=1, le=1000)
    max_evidence_rows: int = Field(default=20, ge=1, le=500)
    high_amount: float = Field(default=500.0, ge=0)
    medium_amount: float = Field(default=100.0, ge=0)


class FinOpsSettings(AgentSettings):
    """FinOps Pilot thresholds (money per month unless stated).

    - idle: average CPU below ``idle_cpu_pct`` and memory below
      ``idle_memory_pct``, costing at least ``idle_min_monthly_cost``.
    - over-sized: step down the instance family's size ladder (at most
      ``downsize_max_steps`` sizes) while the projected CPU and memory stay at
      or under ``downsize_target_cpu_pct`` / ``downsize_target_memory_pct``;
      report when the saving is at least ``downsize_min_monthly_saving``.
    - anomalies: a day's (month's) spend of a service category whose robust
      z-score against the trailing ``anomaly_window_days``
      (``anomaly_window_months``) reaches ``anomaly_z_threshold``, with at
      least ``anomaly_min_baseline_days`` (``_months``) observed in the
      window; the MAD is floored at ``anomaly_min_mad_ratio`` times the
      median. Drops count only with ``anomaly_include_drops``.
    - spend trend: the last ``spend_months`` calendar months per category; a
      complete month up at least ``spend_alert_change_pct`` on the one before
      is ``medium`` (twice that: ``high``).
    - top drivers: the ``top_drivers`` resources with the most spend over the
      last ``drivers_window_days`` days.
    """

    idle_cpu_pct: float = Field(default=5.0, ge=0, le=100)
    idle_memory_pct: float = Field(default=25.0, ge=0, le=100)
    idle_min_monthly_cost: float = Field(default=10.0, ge=0)
    downsize_target_cpu_pct: float = Field(default=40.0, gt=0, le=100)
    downsize_target_memory_pct: float = Field(default=50.0, gt=0, le=100)
    downsize_max_steps: int = Field(default=3, ge=1, le=10)
    downsize_min_monthly_saving: float = Field(default=10.0, ge=0)
    anomaly_z_threshold: float = Field(default=3.5, gt=0)
    anomaly_window_days: int = Field(default=28, ge=2, le=366)
    anomaly_min_baseline_days: int = Field(default=14, ge=2, le=366)
    anomaly_window_months: int = Field(default=6, ge=2, le=36)
    anomaly_min_baseline_months: int = Field(default=3, ge=2, le=36)
    anomaly_min_mad_ratio: float = Field(default=0.05, ge=0, le=1)
    anomaly_include_drops: bool = False
    spend_months: int = Field(default=6, ge=2, le=36)
    spend_alert_change_pct: float = Field(default=25.0, gt=0)
    top_drivers: int = Field(default=10, ge=1, le=100)
    drivers_window_days: int = Field(default=30, ge=1, le=366)


class RevOpsSettings(AgentSettings):
    """RevOps Pilot thresholds (money in the deals' currency).

    - deal status: a stage whose key (lower case, letters and digits only) is
      in ``won_stages`` / ``lost_stages`` is closed; every other deal is open.
    - deals at risk: open deals whose close date has passed, or falls within
      ``near_close_days`` while the probability is at most
      ``early_stage_max_probability`` (an early stage).
    - declining accounts: open revenue over ``min_open_amount`` and a health
      score under ``health_score_floor``, a risk level in ``risk_levels``, a
      drop of at least ``health_drop_points`` between the two latest dated
      health observations, or no login for ``inactive_login_days`` days.
    - win rate: ``win_rate_floor_pct`` or lower is ``medium``.
    - conflicts: revenues of one company differing by more than
      ``revenue_tolerance_pct`` of the largest, or different industries.
    """

    high_amount: float = Field(default=250_000.0, ge=0)
    medium_amount: float = Field(default=50_000.0, ge=0)
    won_stages: tuple[str, ...] = ("closedwon", "won")
    lost_stages: tuple[str, ...] = ("closedlost", "lost")
    near_close_days: int = Field(default=14, ge=0, le=366)
    early_stage_max_probability: float = Field(default=30.0, ge=0, le=100)
    health_score_floor: float = Field(default=50.0, ge=0, le=100)
    risk_levels: tuple[str, ...] = ("high", "critical")
    health_drop_points: float = Field(default=10.0, gt=0, le=100)
    inactive_login_days: int = Field(default=14, ge=1)
    min_open_amount: float = Field(default=0.0, ge=0)
    win_rate_floor_pct: float = Field(default=25.0, ge=0, le=100)
    revenue_tolerance_pct: float = Field(default=5.0, ge=0, le=100)

    @field_validator("won_stages", "lost_stages")
    @classmethod
    def _normalise_stages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        keys = tuple(sorted({stage_key(s) for s in value} - {""}))
        if not keys:
            raise ValueError("at least one stage name is needed")
        return keys

    @field_validator("risk_levels")
    @classmethod
    def _normalise_risk_levels(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted({s.strip().lower() for s in value} - {""}))


SETTINGS_TYPES: dict[str, type[AgentSettings]] = {
    "finops_pilot": FinOpsSettings,
    "revops_pilot": RevOpsSettings,
}
"""The settings class of each agent id."""


def settings_type(agent_id: str) -> type[AgentSettings]:
    """The settings class of ``agent_id``; :class:`UnknownAgentError` (404) otherwise."""
    try:
        return SETTINGS_TYPES[agent_id]
    except KeyError:
        raise UnknownAgentError(f"unknown agent {agent_id!r}") from None


def parse_settings(agent_id: str, raw: Mapping[str, Any] | None) -> AgentSettings:
    """Validated settings of ``agent_id`` from a JSON object (None: the defaults).

    Raises :class:`InvalidAgentSettingsError` (400) naming the bad keys, and
    :class:`UnknownAgentError` (404) for an unknown agent.
    """
    cls = settings_type(agent_id)
    try:
        return cls.model_validate(dict(raw or {}))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(settings)'}: {e['msg']}"
            for e in exc.errors()
        )
        raise InvalidAgentSettingsError(f"{agent_id} settings: {problems}") from None
