"""Build the AWS events our handlers receive: API Gateway proxy events (HTTP API payload
1.0) and SQS batches."""

from __future__ import annotations

import base64
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl

TEXT_TYPES = ("application/json", "application/x-www-form-urlencoded", "text/")


def http_event(
    *,
    method: str,
    path: str,
    resource: str,
    query: str,
    headers: list[tuple[str, str]],
    body: bytes,
    path_parameters: dict[str, str],
    source_ip: str,
) -> dict[str, Any]:
    """An HTTP API (payload format 1.0) proxy event for one request."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in headers:
        key = name.lower()
        single[key] = value
        multi.setdefault(key, []).append(value)
    params: dict[str, list[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        params.setdefault(key, []).append(value)
    content_type = single.get("content-type", "")
    text_body = not body or content_type.startswith(TEXT_TYPES)
    encoded: str | None
    if not body:
        encoded = None
    elif text_body:
        try:
            encoded = body.decode("utf-8")
        except UnicodeDecodeError:
            text_body = False
            encoded = base64.b64encode(body).decode()
    else:
        encoded = base64.b64encode(body).decode()
    now = time.time()
    return {
        "version": "1.0",
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": single,
        "multiValueHeaders": multi,
        "queryStringParameters": {k: v[-1] for k, v in params.items()} or None,
        "multiValueQueryStringParameters": params or None,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": single.get("host", "localhost"),
            "httpMethod": method,
            "path": path,
            "protocol": "HTTP/1.1",
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(now * 1000),
            "resourceId": f"{method} {resource}",
            "resourcePath": resource,
            "stage": "$default",
            "identity": {"sourceIp": source_ip, "userAgent": single.get("user-agent", "")},
        },
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "body": encoded,
        "isBase64Encoded": bool(body) and not text_body,
    }


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """An SQS event-source batch built from ``ReceiveMessage`` results."""
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {
                    k: {
                        "stringValue": v.get("StringValue"),
                        "dataType": v.get("DataType", "String"),
                        "stringListValues": [],
                        "binaryListValues": [],
                    }
                    for k, v in m.get("MessageAttributes", {}).items()
                },
                "md5OfBody": m.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": queue_arn.split(":")[3] if queue_arn.count(":") >= 3 else "us-east-1",
            }
            for m in messages
        ]
    }


def scheduled_event(rule: str) -> dict[str, Any]:
    """An EventBridge ``Scheduled Event``."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "000000000000",
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "region": "us-east-1",
        "resources": [f"arn:aws:events:us-east-1:000000000000:rule/{rule}"],
        "detail": {},
    }
