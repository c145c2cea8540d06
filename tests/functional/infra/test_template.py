"""template.yaml is the single description: handlers serve exactly its routes, and it lints."""

import subprocess
import sys
from pathlib import Path

import pytest

from autonomos.config import PROJECT_ROOT
from infra.handlers import load_handler
from infra.template import load


def test_every_template_route_is_served_by_its_function_and_vice_versa() -> None:
    template = load()
    by_function: dict[str, set[tuple[str, str]]] = {}
    handlers = {}
    for route in template.routes:
        by_function.setdefault(route.function, set()).add((route.method, route.path))
        handlers[route.function] = (route.code_uri, route.handler)
    for function, (code_uri, handler) in handlers.items():
        app = load_handler(code_uri, handler)
        served = {(method, path) for path, methods in app.routes.items() for method in methods}
        assert served == by_function[function], function


def test_queues_have_dead_letter_queues_and_sources_report_failures() -> None:
    template = load()
    for source in template.event_sources:
        queue = template.queues[source.queue]
        assert queue.dead_letter in template.queues
        assert source.report_batch_item_failures, source.function


def test_template_passes_cfn_lint_offline() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "infra.lint_template", "template.yaml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "breakage",
    [
        ("Runtime: python3.11", "Runtime: python2.1"),
        ("Handler: api_auth/app.app", "Handlr: api_auth/app.app"),
        # the production rules (infra/template_checks.py)
        ("ReservedConcurrentExecutions: !Ref WorkerConcurrency", "Description: unbounded"),
        ('Resource: !Sub "${DataBucket.Arn}/tenants/*/sources/*"', 'Resource: "*"'),
        (
            "Value: !GetAtt TasksDeadLetterQueue.QueueName",
            "Value: !GetAtt TasksQueue.QueueName",
        ),
    ],
)
def test_lint_catches_errors_inside_serverless_resources(
    tmp_path: Path, breakage: tuple[str, str]
) -> None:
    source = (PROJECT_ROOT / "template.yaml").read_text()
    assert breakage[0] in source
    broken = tmp_path / "template.yaml"
    broken.write_text(source.replace(breakage[0], breakage[1], 1))
    result = subprocess.run(
        [sys.executable, "-m", "infra.lint_template", str(broken)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
