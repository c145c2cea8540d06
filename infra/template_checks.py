"""Production rules for the deployed template, checked offline on its SAM translation (plain
CloudFormation), beyond what cfn-lint knows. Pure functions over the parsed document.

Rules:

- **least privilege**: each function's role allows SQS, S3 and Secrets Manager actions only
  on named resources (never ``*``), uses no wildcard actions, and attaches only the basic
  managed policies (logs, X-Ray, VPC networking) — none that grant data access;
- **bounded consumers**: each SQS-triggered function has reserved concurrency equal to its
  event source's ``MaximumConcurrency`` (no throttled batches, bounded database connections);
- **dead letters are seen**: each dead-letter queue has an alarm on its visible messages;
- **queues**: encrypted at rest; a dead-letter queue keeps messages at least as long as its
  sources;
- **buckets**: public access blocked on all four switches, encryption by default;
- **logs**: each function has a log group of its own with a retention period.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

GUARDED_SERVICES = ("sqs:", "s3:", "secretsmanager:")
ALLOWED_MANAGED_POLICIES = (
    "service-role/AWSLambdaBasicExecutionRole",
    "AWSXrayWriteOnlyAccess",
    "service-role/AWSLambdaVPCAccessExecutionRole",
)
PUBLIC_ACCESS_SWITCHES = (
    "BlockPublicAcls",
    "BlockPublicPolicy",
    "IgnorePublicAcls",
    "RestrictPublicBuckets",
)
DEFAULT_RETENTION = 345600  # SQS's default MessageRetentionPeriod (4 days)


def _of_type(resources: dict[str, Any], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for logical_id, resource in resources.items():
        if resource.get("Type") == kind:
            yield logical_id, resource.get("Properties") or {}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _strings(value: Any) -> Iterator[str]:
    """Every string inside ``value`` (through intrinsic functions)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _target(value: Any) -> str | None:
    """The logical id a ``Ref`` / ``Fn::GetAtt`` points at."""
    if isinstance(value, dict):
        if "Ref" in value:
            return str(value["Ref"])
        if "Fn::GetAtt" in value:
            target = value["Fn::GetAtt"]
            return str(target[0] if isinstance(target, list) else target.split(".")[0])
    return None


def role_problems(resources: dict[str, Any]) -> list[str]:
    """Least-privilege violations of the functions' roles."""
    problems: list[str] = []
    for function, props in _of_type(resources, "AWS::Lambda::Function"):
        role_id = _target(props.get("Role"))
        role = resources.get(role_id or "", {})
        if role.get("Type") != "AWS::IAM::Role":
            problems.append(f"{function}: its role is not defined in the template")
            continue
        role_props = role.get("Properties") or {}
        for arn in _strings(role_props.get("ManagedPolicyArns") or []):
            if arn.startswith("arn:") and not arn.endswith(
                tuple(f":policy/{name}" for name in ALLOWED_MANAGED_POLICIES)
            ):
                problems.append(f"{function}: managed policy {arn} grants more than it needs")
        statements = [
            statement
            for policy in role_props.get("Policies") or []
            for statement in _listed((policy.get("PolicyDocument") or {}).get("Statement", []))
            if isinstance(statement, dict) and statement.get("Effect") == "Allow"
        ]
        if not statements:
            problems.append(f"{function}: has no policy of its own (least privilege)")
        for statement in statements:
            actions = [
                a.lower() for a in _listed(statement.get("Action", [])) if isinstance(a, str)
            ]
            resources_named = _listed(statement.get("Resource", []))
            for action in actions:
                if action == "*" or action.endswith(":*"):
                    problems.append(f"{function}: wildcard action {action}")
                elif action.startswith(GUARDED_SERVICES) and "*" in resources_named:
                    problems.append(f"{function}: {action} on every resource ('*')")
    return problems


def concurrency_problems(resources: dict[str, Any]) -> list[str]:
    """SQS-triggered functions without reserved concurrency matching their event source."""
    problems: list[str] = []
    for mapping_id, props in _of_type(resources, "AWS::Lambda::EventSourceMapping"):
        arn = props.get("EventSourceArn")
        source = resources.get(_target(arn) or "", {})
        if source.get("Type") != "AWS::SQS::Queue":
            continue
        function_id = _target(props.get("FunctionName")) or ""
        function = (resources.get(function_id) or {}).get("Properties") or {}
        reserved = function.get("ReservedConcurrentExecutions")
        maximum = (props.get("ScalingConfig") or {}).get("MaximumConcurrency")
        if reserved is None:
            problems.append(f"{function_id}: SQS-triggered without ReservedConcurrentExecutions")
        elif reserved != maximum:
            problems.append(
                f"{mapping_id}: MaximumConcurrency {maximum} differs from the reserved "
                f"concurrency {reserved} of {function_id}"
            )
    return problems


def queue_problems(resources: dict[str, Any]) -> list[str]:
    """Unencrypted queues, dead-letter queues without an alarm or with a shorter retention."""
    problems: list[str] = []
    queues = dict(_of_type(resources, "AWS::SQS::Queue"))
    alarmed = {
        _target(dimension.get("Value"))
        for _, alarm in _of_type(resources, "AWS::CloudWatch::Alarm")
        if alarm.get("Namespace") == "AWS/SQS"
        and alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible"
        for dimension in alarm.get("Dimensions") or []
        if dimension.get("Name") == "QueueName"
    }
    for queue_id, props in queues.items():
        if not props.get("SqsManagedSseEnabled") and not props.get("KmsMasterKeyId"):
            problems.append(f"{queue_id}: not encrypted at rest")
        redrive = props.get("RedrivePolicy") or {}
        dlq_id = _target(redrive.get("deadLetterTargetArn"))
        if dlq_id is None:
            continue
        if dlq_id not in alarmed:
            problems.append(f"{dlq_id}: dead-letter queue without a depth alarm")
        dlq = queues.get(dlq_id, {})
        kept = dlq.get("MessageRetentionPeriod", DEFAULT_RETENTION)
        if int(kept) < int(props.get("MessageRetentionPeriod", DEFAULT_RETENTION)):
            problems.append(f"{dlq_id}: keeps messages for less time than its source {queue_id}")
    return problems


def bucket_problems(resources: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for bucket_id, props in _of_type(resources, "AWS::S3::Bucket"):
        block = props.get("PublicAccessBlockConfiguration") or {}
        if not all(block.get(switch) is True for switch in PUBLIC_ACCESS_SWITCHES):
            problems.append(f"{bucket_id}: public access is not blocked on all four switches")
        if not props.get("BucketEncryption"):
            problems.append(f"{bucket_id}: no default encryption")
    return problems


def log_problems(resources: dict[str, Any]) -> list[str]:
    """Functions whose log group is not declared with a retention period."""
    kept = {
        name
        for _, props in _of_type(resources, "AWS::Logs::LogGroup")
        if props.get("RetentionInDays") is not None
        for name in _strings(props.get("LogGroupName"))
    }
    return [
        f"{function}: no log group with a retention period"
        for function, _ in _of_type(resources, "AWS::Lambda::Function")
        if f"/aws/lambda/${{{function}}}" not in kept
    ]


def problems(translated: dict[str, Any]) -> list[str]:
    """Every rule's findings on a translated template (empty when it is production-ready)."""
    resources = translated.get("Resources") or {}
    return [
        *role_problems(resources),
        *concurrency_problems(resources),
        *queue_problems(resources),
        *bucket_problems(resources),
        *log_problems(resources),
    ]
