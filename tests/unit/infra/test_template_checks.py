"""The production rules on small translated templates (pure, no I/O)."""

from typing import Any

from infra.template_checks import (
    bucket_problems,
    concurrency_problems,
    log_problems,
    problems,
    queue_problems,
    role_problems,
)

BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


def _role(*statements: dict[str, Any], managed: tuple[str, ...] = (BASIC,)) -> dict[str, Any]:
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "ManagedPolicyArns": list(managed),
            "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": list(statements)}}],
        },
    }


def _function(role: str = "FnRole", **props: Any) -> dict[str, Any]:
    return {
        "Type": "AWS::Lambda::Function",
        "Properties": {"Role": {"Fn::GetAtt": [role, "Arn"]}, **props},
    }


def _allow(action: Any, resource: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


QUEUE_ARN = {"Fn::GetAtt": ["Queue", "Arn"]}


def test_named_resources_pass() -> None:
    resources = {
        "Fn": _function(),
        "FnRole": _role(
            _allow(["sqs:SendMessage"], QUEUE_ARN),
            _allow("s3:GetObject", {"Fn::Sub": "${Data.Arn}/tenants/*"}),
        ),
    }
    assert role_problems(resources) == []


def test_star_resources_and_wildcard_actions_are_flagged() -> None:
    resources = {
        "Fn": _function(),
        "FnRole": _role(
            _allow("sqs:ReceiveMessage", "*"),
            _allow(["s3:*"], QUEUE_ARN),
            _allow("xray:PutTraceSegments", "*"),  # not a data service: allowed on '*'
        ),
    }
    assert role_problems(resources) == [
        "Fn: sqs:receivemessage on every resource ('*')",
        "Fn: wildcard action s3:*",
    ]


def test_data_access_managed_policies_and_missing_policies_are_flagged() -> None:
    sqs_managed = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"
    resources = {
        "Fn": _function(),
        "FnRole": _role(managed=(BASIC, sqs_managed)),
        "Other": _function("Missing"),
    }
    assert role_problems(resources) == [
        f"Fn: managed policy {sqs_managed} grants more than it needs",
        "Fn: has no policy of its own (least privilege)",
        "Other: its role is not defined in the template",
    ]


def _mapping(maximum: Any) -> dict[str, Any]:
    return {
        "Type": "AWS::Lambda::EventSourceMapping",
        "Properties": {
            "EventSourceArn": QUEUE_ARN,
            "FunctionName": {"Ref": "Fn"},
            "ScalingConfig": {"MaximumConcurrency": maximum},
        },
    }


def test_sqs_consumers_need_reserved_concurrency_equal_to_their_maximum() -> None:
    queue = {"Type": "AWS::SQS::Queue", "Properties": {}}
    same = {"Ref": "Concurrency"}
    ok = {"Queue": queue, "Fn": _function(ReservedConcurrentExecutions=same), "M": _mapping(same)}
    assert concurrency_problems(ok) == []
    missing = {"Queue": queue, "Fn": _function(), "M": _mapping(5)}
    assert concurrency_problems(missing) == [
        "Fn: SQS-triggered without ReservedConcurrentExecutions"
    ]
    differ = {"Queue": queue, "Fn": _function(ReservedConcurrentExecutions=4), "M": _mapping(5)}
    assert "differs" in concurrency_problems(differ)[0]


def _queues(dlq_retention: int, alarm_on: str | None) -> dict[str, Any]:
    resources: dict[str, Any] = {
        "Queue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "SqsManagedSseEnabled": True,
                "MessageRetentionPeriod": 345600,
                "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}},
            },
        },
        "Dlq": {
            "Type": "AWS::SQS::Queue",
            "Properties": {"MessageRetentionPeriod": dlq_retention},
        },
    }
    if alarm_on:
        resources["Alarm"] = {
            "Type": "AWS::CloudWatch::Alarm",
            "Properties": {
                "Namespace": "AWS/SQS",
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Dimensions": [
                    {"Name": "QueueName", "Value": {"Fn::GetAtt": [alarm_on, "QueueName"]}}
                ],
            },
        }
    return resources


def test_dead_letter_queues_need_an_alarm_encryption_and_a_longer_retention() -> None:
    assert queue_problems(_queues(1209600, "Dlq")) == ["Dlq: not encrypted at rest"]
    assert queue_problems(_queues(60, "Queue")) == [
        "Dlq: dead-letter queue without a depth alarm",
        "Dlq: keeps messages for less time than its source Queue",
        "Dlq: not encrypted at rest",
    ]


def test_buckets_must_block_public_access_and_encrypt() -> None:
    block = {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    good = {"PublicAccessBlockConfiguration": block, "BucketEncryption": {"x": 1}}
    half = {"PublicAccessBlockConfiguration": {**block, "BlockPublicPolicy": False}}
    resources = {
        "Good": {"Type": "AWS::S3::Bucket", "Properties": good},
        "Half": {"Type": "AWS::S3::Bucket", "Properties": half},
    }
    assert bucket_problems(resources) == [
        "Half: public access is not blocked on all four switches",
        "Half: no default encryption",
    ]


def test_each_function_needs_a_log_group_with_retention() -> None:
    group = {
        "Type": "AWS::Logs::LogGroup",
        "Properties": {"LogGroupName": {"Fn::Sub": "/aws/lambda/${Fn}"}, "RetentionInDays": 30},
    }
    assert log_problems({"Fn": _function(), "G": group}) == []
    assert log_problems({"Fn": _function(), "Other": _function()}) == [
        "Fn: no log group with a retention period",
        "Other: no log group with a retention period",
    ]


def test_problems_combines_every_rule() -> None:
    assert problems({}) == []
    assert problems({"Resources": {"Fn": _function()}}) == [
        "Fn: its role is not defined in the template",
        "Fn: no log group with a retention period",
    ]
