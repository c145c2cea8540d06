"""`make run`'s stack from a temporary copy of the project, on embedded defaults."""

import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from autonomos.config import PROJECT_ROOT
from tests.support.services import RunningStack, local_stack


def _copy_project(target: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        source = PROJECT_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def copied_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    project = _copy_project(tmp_path_factory.mktemp("project"))
    python = Path(sys.executable)
    pythonpath = ":".join(
        str(project / p) for p in ("layers/core/python", "layers/dcl/python", ".", "functions")
    )
    argv = ["make", "serve", f"VENV={python.parent.parent}", "ARGS=--stack copy"]
    # No DATABASE_URL / REDIS_URL: the copy must bring up embedded PostgreSQL and Redis.
    with local_stack(
        None, None, cwd=project, argv=argv, env_extra={"PYTHONPATH": pythonpath}
    ) as running:
        yield running


def test_health_and_round_trip_over_http(copied_stack: RunningStack) -> None:
    base = copied_stack.base_url
    assert httpx.get(f"{base}/health", timeout=10).json()["status"] == "ok"
    assert "demo login" in "".join(copied_stack.output)
    assert "PostgreSQL embedded" in "".join(copied_stack.output)
    assert "Redis embedded" in "".join(copied_stack.output)
    email = f"copy-{uuid.uuid4().hex[:8]}@example.com"
    with httpx.Client(base_url=base, timeout=30) as client:
        register = client.post(
            "/api/v1/auth/register",
            json={
                "organization": "Copy Org",
                "email": email,
                "password": "copy password",
            },
        )
        assert register.status_code == 201
        login = client.post(
            "/api/v1/auth/login", json={"email": email, "password": "copy password"}
        )
        token = login.json()["access_token"]
        me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["tenant"]["name"] == "Copy Org"
        assert client.get("/docs").headers["content-type"].startswith("text/html")
        assert client.get("/").status_code == 200


def test_second_run_on_the_same_port_says_so(copied_stack: RunningStack) -> None:
    port = copied_stack.base_url.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "infra.run", "--port", port, "--no-demo", "--no-dashboard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "already in use" in result.stderr
    assert "Traceback" not in result.stderr
