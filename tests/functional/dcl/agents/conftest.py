"""Shared fixtures: a published demo version (scale 1) and the agents' results on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from autonomos_dcl.agents import AgentResult, run_agent
from tests.functional.dcl.agents.demo_versions import publish_demo


@pytest.fixture(scope="session")
def demo_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_demo(tmp_path_factory.mktemp("agents-demo"), 1.0)


@pytest.fixture(scope="session")
def finops(demo_version: Path) -> AgentResult:
    return run_agent("finops_pilot", demo_version)


@pytest.fixture(scope="session")
def revops(demo_version: Path) -> AgentResult:
    return run_agent("revops_pilot", demo_version)
