"""Read ``template.yaml``: routes, queues, buckets and event-source mappings.

The local stack derives everything it emulates from here, so local and cloud cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from autonomos.config import PROJECT_ROOT

TEMPLATE_PATH = PROJECT_ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """A YAML loader that keeps CloudFormation short-form tags as ``{"Fn::X": value}``."""


def _tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> Any:
    name = suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str
    handler: str
    code_uri: str
    pattern: re.Pattern[str] = field(compare=False)


@dataclass(frozen=True)
class Queue:
    logical_id: str
    visibility_timeout: int
    fifo: bool
    dead_letter: str | None
    max_receive_count: int | None


@dataclass(frozen=True)
class EventSource:
    function: str
    handler: str
    code_uri: str
    queue: str
    batch_size: int
    report_batch_item_failures: bool
    max_batching_window: int
    maximum_concurrency: int


@dataclass(frozen=True)
class Schedule:
    function: str
    handler: str
    code_uri: str
    rate_seconds: float
    timeout_seconds: float


@dataclass(frozen=True)
class Cors:
    """The HTTP API's CORS rules (``CorsConfiguration``); the allowed origin is a deployment
    parameter, so locally it comes from the ``CORS_ORIGIN`` setting."""

    allow_headers: tuple[str, ...]
    allow_methods: tuple[str, ...]
    expose_headers: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    routes: list[Route]
    queues: dict[str, Queue]
    buckets: list[str]
    event_sources: list[EventSource]
    schedules: list[Schedule] = field(default_factory=list)
    function_timeouts: dict[str, float] = field(default_factory=dict)
    cors: Cors | None = None

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], list[str]]:
        """The route for ``method path`` with its path parameters, and the methods the path
        allows (for 405s)."""
        allowed: list[str] = []
        for route in self.routes:
            found = route.pattern.fullmatch(path)
            if found is None:
                continue
            allowed.append(route.method)
            if route.method == method:
                return route, found.groupdict(), allowed
        return None, {}, allowed


def _pattern(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    regex = "".join(
        f"(?P<{p[1:-1].rstrip('+')}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts
    )
    return re.compile(regex)


def parameter_defaults(document: dict[str, Any]) -> dict[str, Any]:
    """The template's parameters that have a default, by name."""
    return {
        name: spec["Default"]
        for name, spec in (document.get("Parameters") or {}).items()
        if "Default" in spec
    }


def _number(value: Any, parameters: dict[str, Any], fallback: float) -> float:
    """A numeric property: a literal, or ``!Ref`` to a parameter (its default, as locally
    nobody passes parameter overrides)."""
    if value is None:
        return fallback
    if isinstance(value, dict) and set(value) == {"Ref"}:
        if value["Ref"] not in parameters:
            raise ValueError(f"!Ref {value['Ref']} names no parameter with a default")
        value = parameters[value["Ref"]]
    return float(value)


def load(path: Path = TEMPLATE_PATH) -> Template:
    """Parse the SAM template into what the local stack needs."""
    document = yaml.load(path.read_text(), Loader=_CfnLoader)
    resources: dict[str, Any] = document["Resources"]
    defaults = document.get("Globals", {}).get("Function", {})
    params = parameter_defaults(document)
    routes: list[Route] = []
    sources: list[EventSource] = []
    schedules: list[Schedule] = []
    timeouts: dict[str, float] = {}
    queues: dict[str, Queue] = {}
    buckets: list[str] = []
    cors: Cors | None = None
    for logical_id, resource in resources.items():
        kind = resource["Type"]
        props = resource.get("Properties", {})
        if kind == "AWS::SQS::Queue":
            redrive = props.get("RedrivePolicy") or {}
            target = redrive.get("deadLetterTargetArn", {}).get("Fn::GetAtt", [None])[0]
            queues[logical_id] = Queue(
                logical_id=logical_id,
                visibility_timeout=int(_number(props.get("VisibilityTimeout"), params, 30)),
                fifo=bool(props.get("FifoQueue", False)),
                dead_letter=target,
                max_receive_count=int(_number(redrive["maxReceiveCount"], params, 0))
                if redrive
                else None,
            )
        elif kind == "AWS::S3::Bucket":
            buckets.append(logical_id)
        elif kind == "AWS::Serverless::HttpApi" and props.get("CorsConfiguration"):
            cors = _cors(props["CorsConfiguration"])
        elif kind == "AWS::Serverless::Function":
            handler = props.get("Handler", defaults.get("Handler"))
            code_uri = props.get("CodeUri", defaults.get("CodeUri"))
            timeouts[logical_id] = _number(props.get("Timeout", defaults.get("Timeout")), params, 3)
            for event in props.get("Events", {}).values():
                eprops = event.get("Properties", {})
                if event["Type"] == "HttpApi":
                    routes.append(
                        Route(
                            method=eprops["Method"].upper(),
                            path=eprops["Path"],
                            function=logical_id,
                            handler=handler,
                            code_uri=code_uri,
                            pattern=_pattern(eprops["Path"]),
                        )
                    )
                elif event["Type"] == "Schedule":
                    schedules.append(
                        Schedule(
                            logical_id,
                            handler,
                            code_uri,
                            _rate_seconds(eprops["Schedule"]),
                            timeouts[logical_id],
                        )
                    )
                elif event["Type"] == "SQS":
                    sources.append(
                        EventSource(
                            function=logical_id,
                            handler=handler,
                            code_uri=code_uri,
                            queue=eprops["Queue"]["Fn::GetAtt"][0],
                            batch_size=int(_number(eprops.get("BatchSize"), params, 10)),
                            report_batch_item_failures="ReportBatchItemFailures"
                            in eprops.get("FunctionResponseTypes", []),
                            max_batching_window=int(
                                _number(eprops.get("MaximumBatchingWindowInSeconds"), params, 0)
                            ),
                            maximum_concurrency=int(
                                _number(
                                    eprops.get("ScalingConfig", {}).get("MaximumConcurrency"),
                                    params,
                                    4,
                                )
                            ),
                        )
                    )
    # Static paths win over parameterised ones (``/users/me`` before ``/users/{id}``).
    routes.sort(key=lambda r: (r.path.count("{"), -len(r.path)))
    return Template(
        routes=routes,
        queues=queues,
        buckets=buckets,
        event_sources=sources,
        schedules=schedules,
        function_timeouts=timeouts,
        cors=cors,
    )


def _cors(configuration: Any) -> Cors:
    """The rules of a ``CorsConfiguration``; of ``!If [cond, rules, NoValue]``, the rules."""
    if isinstance(configuration, dict) and "Fn::If" in configuration:
        configuration = configuration["Fn::If"][1]
    return Cors(
        allow_headers=tuple(configuration.get("AllowHeaders", [])),
        allow_methods=tuple(configuration.get("AllowMethods", [])),
        expose_headers=tuple(configuration.get("ExposeHeaders", [])),
    )


def _rate_seconds(expression: str) -> float:
    """Seconds between runs of ``rate(N unit)``."""
    found = re.fullmatch(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)", expression)
    if not found:
        raise ValueError(f"unsupported schedule {expression!r}; use rate(N minutes)")
    unit = {"minute": 60, "hour": 3600, "day": 86400}[found.group(2).rstrip("s")]
    return int(found.group(1)) * unit


def resource_environment(
    path: Path = TEMPLATE_PATH, refs: dict[str, str] | None = None
) -> dict[str, str]:
    """The functions' global environment variables that reference template resources
    (queues, buckets), resolved with ``refs`` (logical id → local URL or name)."""
    document = yaml.load(path.read_text(), Loader=_CfnLoader)
    variables = (
        document.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    )
    refs = refs or {}
    return {
        name: refs[value["Ref"]]
        for name, value in variables.items()
        if isinstance(value, dict) and value.get("Ref") in refs
    }
