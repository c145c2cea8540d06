"""Function cold starts: what a handler module loads before its first request."""

from __future__ import annotations

import os
import subprocess
import sys

from autonomos.config import PROJECT_ROOT

PATHS = ["functions", "layers/core/python", "layers/dcl/python", "."]


def loaded_after_import(module: str) -> set[str]:
    """The modules a fresh interpreter holds after importing ``module``."""
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(PROJECT_ROOT / p) for p in PATHS)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


def test_the_dcl_function_loads_the_engine_at_cold_start() -> None:
    # Imported inside the first request instead, it took 1.5 s on an idle machine and 18 s
    # under the load suite, blocking every other first DCL request on the import lock.
    assert "autonomos.dcl.service" in loaded_after_import("api_dcl.app")
