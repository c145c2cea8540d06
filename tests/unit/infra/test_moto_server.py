"""The emulator's speed-ups keep moto's SQS answers (in-process moto models, no server)."""

import http.client
import json
import re
import socket
import string
import threading
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.backends import get_backend
from moto.core import request, responses, serialize, utils
from moto.moto_api._internal import mock_random
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from moto.sqs import models
from moto.sqs import utils as sqs_utils
from moto.sqs.exceptions import ReceiptHandleIsInvalid
from moto.sqs.responses import SQSResponse
from werkzeug.test import Client

from infra import moto_server

ORIGINAL_ATTRIBUTES = models.Queue.attributes
ORIGINAL_MESSAGES = models.Queue.messages


@pytest.fixture
def backend() -> models.SQSBackend:
    moto_server.apply()
    backend = models.sqs_backends["123456789012"]["us-east-1"]
    backend.reset()
    return backend


def test_attributes_match_moto_and_count_messages(backend: models.SQSBackend) -> None:
    backend.create_queue("dlq")
    queue = backend.create_queue(
        "work",
        RedrivePolicy=json.dumps(
            {"deadLetterTargetArn": backend.get_queue("dlq").queue_arn, "maxReceiveCount": 3}
        ),
    )
    for n in range(3):
        backend.send_message("work", f"m{n}")
    backend.send_message("work", "later", delay_seconds=60)
    backend.receive_message("work", 1, 0, 30)

    patched = dict(queue.attributes)
    assert patched == ORIGINAL_ATTRIBUTES.fget(queue)
    assert patched["ApproximateNumberOfMessages"] == 2
    assert patched["ApproximateNumberOfMessagesNotVisible"] == 1
    assert patched["ApproximateNumberOfMessagesDelayed"] == 1
    assert json.loads(patched["RedrivePolicy"])["maxReceiveCount"] == 3
    assert "FifoQueue" not in patched and queue.attributes.get("FifoQueue") is None
    assert queue.messages == ORIGINAL_MESSAGES.fget(queue)


def test_delete_by_receipt_handle(backend: models.SQSBackend) -> None:
    backend.create_queue("work")
    for n in range(3):
        backend.send_message("work", f"m{n}")
    received = backend.receive_message("work", 2, 0, 30)
    handle = received[0].receipt_handle
    assert handle is not None

    backend.delete_message("work", handle)
    backend.delete_message("work", handle)  # again: accepted, as SQS does

    queue = backend.get_queue("work")
    assert [m.body for m in queue._messages] == ["m1", "m2"]
    with pytest.raises(ReceiptHandleIsInvalid):
        backend.delete_message("work", "not-a-handle")


def test_messages_past_retention_are_not_returned(backend: models.SQSBackend) -> None:
    backend.create_queue("work", MessageRetentionPeriod="60")
    message = backend.send_message("work", "old")
    message.sent_timestamp -= 61_000
    assert backend.receive_message("work", 1, 0, 30) == []
    backend.send_message("work", "fresh")
    assert [m.body for m in backend.receive_message("work", 10, 0, 30)] == ["fresh"]


# --- the request path: same answers with and without the patches (in process, no sockets
# but a socketpair for the request handler) ---


def _wsgi_app() -> DomainDispatcherApplication:
    return DomainDispatcherApplication(create_backend_app)


class _Recorder:
    """boto3 calls answered by moto's WSGI app in process; each raw answer is recorded."""

    def __init__(self, app: DomainDispatcherApplication) -> None:
        self._client = Client(app)
        self.answers: list[tuple[int, list[tuple[str, str]], str]] = []

    def __call__(self, request: Any, **_: Any) -> AWSResponse:
        url = urlsplit(request.url)
        body = request.body.read() if hasattr(request.body, "read") else request.body
        headers = {k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}
        answer = self._client.open(
            path=url.path or "/",
            query_string=url.query,
            method=request.method,
            headers=headers,
            data=body,
            base_url=f"{url.scheme}://{url.netloc}",
        )
        varying = {"date", "last-modified", "content-length"}  # times vary in length
        kept = [(k.lower(), v) for k, v in answer.headers.items() if k.lower() not in varying]
        text = re.sub(r"\b\d{10,13}(\.\d+)?\b", "<time>", answer.get_data(as_text=True))
        self.answers.append((answer.status_code, sorted(kept), text))
        response = AWSResponse(request.url, answer.status_code, answer.headers, None)  # type: ignore[arg-type]
        response._content = answer.get_data()  # type: ignore[attr-defined]
        return response


def _client(service: Any, recorder: _Recorder) -> Any:
    client = boto3.session.Session().client(
        service,
        endpoint_url="http://localhost:5000",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}),
    )
    client.meta.events.register("before-send", recorder)
    return client


def _scenario() -> list[tuple[int, list[tuple[str, str]], str]]:
    """The platform's calls and a few errors, as moto answers them from a fresh state."""
    for service in ("sqs", "s3"):
        for accounts in get_backend(service).values():
            for backend in accounts.values():
                backend.reset()
    mock_random.seed(7)
    recorder = _Recorder(_wsgi_app())
    sqs, s3 = _client("sqs", recorder), _client("s3", recorder)
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]
    policy = {"deadLetterTargetArn": arn["QueueArn"], "maxReceiveCount": 2}
    url = sqs.create_queue(QueueName="work", Attributes={"RedrivePolicy": json.dumps(policy)})
    url = url["QueueUrl"]
    attribute = {"k": {"DataType": "String", "StringValue": "v"}}
    entries = [
        {"Id": "a", "MessageBody": '{"n": 1}', "MessageAttributes": attribute},
        {"Id": "b", "MessageBody": '{"n": 2}'},
        {"Id": "c", "MessageBody": '{"n": 3}', "DelaySeconds": 60},
    ]
    sqs.send_message_batch(QueueUrl=url, Entries=entries)
    receive = {"MaxNumberOfMessages": 10, "AttributeNames": ["All"], "VisibilityTimeout": 30}
    got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], **receive)
    handles = [m["ReceiptHandle"] for m in got["Messages"]]
    again = [{"Id": "0", "ReceiptHandle": handles[0], "VisibilityTimeout": 0}]
    sqs.change_message_visibility_batch(QueueUrl=url, Entries=again)
    for _ in range(2):  # the second receive of the first message sends it to the DLQ
        sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, **receive)
    doomed = [{"Id": "1", "ReceiptHandle": handles[1]}, {"Id": "2", "ReceiptHandle": "nope"}]
    sqs.delete_message_batch(QueueUrl=url, Entries=doomed)
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
    sqs.receive_message(QueueUrl=dlq, **receive)
    fifo = sqs.create_queue(QueueName="w.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    sqs.send_message(QueueUrl=fifo, MessageBody="x", MessageGroupId="g", MessageDeduplicationId="d")
    for call in (
        lambda: sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11),
        lambda: sqs.get_queue_attributes(QueueUrl=url + "-missing", AttributeNames=["All"]),
        lambda: s3.get_object(Bucket="bucket", Key="missing"),
    ):
        with pytest.raises(ClientError):
            call()
    s3.create_bucket(Bucket="bucket")
    s3.put_object(Bucket="bucket", Key="k", Body=b"payload", Metadata={"my_key": "1"})
    s3.head_object(Bucket="bucket", Key="k")
    return recorder.answers


def test_dispatch_patches_keep_moto_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    moto_server.apply()
    with monkeypatch.context() as moto_own:
        moto_own.setattr(
            DomainDispatcherApplication, "get_backend_for_host", moto_server._moto_backend_for_host
        )
        moto_own.setattr(responses, "method_names_from_class", utils.method_names_from_class)
        moto_own.setattr(responses, "camelcase_to_underscores", utils.camelcase_to_underscores)
        moto_own.setattr(models, "camelcase_to_underscores", utils.camelcase_to_underscores)
        moto_own.setattr(request.EnvironHeaders, "__iter__", moto_server._moto_iter_headers)
        moto_own.setattr(serialize.ResponseSerializer, "get_value", moto_server._moto_get_value)
        expected = _scenario()
    answers = _scenario()
    assert [a[0] for a in answers] == [e[0] for e in expected]
    assert answers == expected
    assert 400 in [a[0] for a in answers] and 404 in [a[0] for a in answers]


def test_backend_for_host_matches_moto() -> None:
    app = _wsgi_app()
    hosts = [
        "sqs.us-east-1.amazonaws.com",
        "s3.amazonaws.com",
        "sqs",
        "moto_api",
        "nowhere.example",
    ]
    for _ in range(2):  # the second time from the cache
        for host in hosts:
            expected = moto_server._moto_backend_for_host(app, host)
            assert moto_server._backend_for_host(app, host) == expected
    assert moto_server._backend_for_host(app, "sqs.us-east-1.amazonaws.com") == "sqs"
    assert moto_server._backend_for_host(app, None) is None
    assert "nowhere.example" not in moto_server._backends_by_host


def test_reflection_and_name_conversion_match_moto() -> None:
    assert moto_server._method_names_from_class(SQSResponse) == utils.method_names_from_class(
        SQSResponse
    )
    for name in ["ReceiveMessage", "ChangeMessageVisibilityBatch", "KmsMasterKeyId", "", "aB C"]:
        assert moto_server._camelcase_to_underscores(name) == utils.camelcase_to_underscores(name)


def test_header_iteration_matches_moto() -> None:
    environ = {"HTTP_X_AMZ_META_MY_KEY": "1", "HTTP_HOST": "h", "CONTENT_TYPE": "text/plain"}
    for preserved in ({}, {"HTTP_X_AMZ_META_MY_KEY": "x-amz-meta-my_key"}):
        headers = request.EnvironHeaders(
            {**environ, request.PRESERVED_HEADER_NAMES_ENVIRON_KEY: preserved}
        )
        assert list(moto_server._iter_headers(headers)) == list(
            moto_server._moto_iter_headers(headers)
        )
    assert ("x-amz-meta-my_key", "1") in list(moto_server._iter_headers(headers))


def test_get_value_prefers_moto_aliases() -> None:
    operation = utils.get_service_model("sqs").operation_model("ReceiveMessage")
    serializer = serialize.get_serializer_class("sqs", "json")(
        operation_model=operation, value_picker=serialize.XFormedAttributePicker()
    )
    shape = operation.output_shape.members["Messages"]
    both = {"Messages": [1], "MessageList": [2]}  # moto reads the shape's name first
    assert moto_server._get_value(serializer, both, "Messages", shape) == [2]
    assert moto_server._get_value(serializer, {"Messages": [1]}, "Messages", shape) == [1]
    body = operation.output_shape.members["Messages"].member.members["Body"]
    assert moto_server._get_value(serializer, {"Body": "b"}, "Body", body) == "b"
    assert moto_server._get_value(serializer, {"body": "b"}, "Body", body) == "b"  # moto's path


def test_receipt_handles_are_moto_like_and_seedable() -> None:
    mock_random.seed(3)
    first = moto_server._receipt_handle()
    mock_random.seed(3)
    assert moto_server._receipt_handle() == first
    assert len(first) == len(sqs_utils.generate_receipt_handle()) == 185
    assert set(first) <= set(string.ascii_lowercase)


def _serve(handler: type[MotoRequestHandler], raw: bytes, answers: int) -> list[Any]:
    """Send ``raw`` (one or more requests) on one connection of ``handler`` and read up to
    ``answers`` answers, keeping the connection open meanwhile as a keep-alive client does."""
    server = SimpleNamespace(
        app=_wsgi_app(),
        multithread=True,
        multiprocess=False,
        passthrough_errors=False,
        ssl_context=None,
        server_address=("127.0.0.1", 5000),
        log=lambda *args: None,
    )
    ours, theirs = socket.socketpair()
    theirs.settimeout(10)
    read: list[Any] = []

    def serve() -> None:  # as socketserver does for a connection
        try:
            handler(ours, ("127.0.0.1", 1), server)  # type: ignore[arg-type]
        finally:
            ours.shutdown(socket.SHUT_WR)
            ours.close()

    with theirs:
        connection = threading.Thread(target=serve)
        connection.start()
        theirs.sendall(raw)
        for _ in range(answers):
            unbuffered = SimpleNamespace(makefile=lambda *args: theirs.makefile("rb", 0))
            answer = http.client.HTTPResponse(unbuffered)  # type: ignore[arg-type]
            try:
                answer.begin()
            except http.client.RemoteDisconnected:
                break
            read.append((answer, answer.read()))
        theirs.shutdown(socket.SHUT_WR)
        connection.join(10)
    return read


class _Handler(moto_server.KeepAliveRequestHandler):
    disable_nagle_algorithm = False  # a Unix socketpair has no TCP options


def _sqs_request(target: str, body: str, extra: str = "") -> bytes:
    auth = "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/sqs/aws4_request, Signature=x"
    return (
        f"POST / HTTP/1.1\r\nHost: localhost:5000\r\nX-Amz-Target: AmazonSQS.{target}\r\n"
        f"Content-Type: application/x-amz-json-1.0\r\nAuthorization: {auth}\r\n{extra}"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


def test_keep_alive_serves_requests_on_one_connection_with_moto_answers() -> None:
    moto_server.apply()
    backend = models.sqs_backends["123456789012"]["us-east-1"]
    create = _sqs_request("CreateQueue", '{"QueueName": "q"}')
    listing = _sqs_request("ListQueues", "{}")
    unknown = _sqs_request("NoSuchAction", "{}")
    backend.reset()
    moto_own = _serve(MotoRequestHandler, create + listing, 2)
    assert len(moto_own) == 1 and moto_own[0][0].getheader("Connection") == "close"
    moto_unknown = _serve(MotoRequestHandler, unknown, 1)[0]

    backend.reset()
    ours = _serve(_Handler, create + listing + unknown, 3)
    assert [answer.status for answer, _ in ours] == [200, 200, moto_unknown[0].status]
    assert ours[0][1] == moto_own[0][1]
    assert json.loads(ours[1][1])["QueueUrls"][0].endswith("/q")
    assert ours[2][1] == moto_unknown[1]
    assert all(answer.getheader("Connection") is None for answer, _ in ours)
    expected = {k.lower() for k, _ in moto_own[0][0].getheaders()} - {"connection"}
    assert {k.lower() for k, _ in ours[0][0].getheaders()} == expected


def test_keep_alive_drains_unread_bodies_and_closes_when_asked() -> None:
    listing = _sqs_request("ListQueues", "{}")
    unread = b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
    answers = _serve(_Handler, unread + listing, 2)
    assert [answer.status for answer, _ in answers] == [200, 200]
    assert b"QueueUrls" in answers[1][1]

    closing = _sqs_request("ListQueues", "{}", extra="Connection: close\r\n")
    answers = _serve(_Handler, closing + listing, 2)
    assert len(answers) == 1 and answers[0][0].getheader("Connection") == "close"

    chunked = (
        b"POST / HTTP/1.1\r\nHost: localhost:5000\r\nX-Amz-Target: AmazonSQS.ListQueues\r\n"
        b"Content-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"2\r\n{}\r\n0\r\n\r\n"
    )
    answers = _serve(_Handler, chunked + listing, 2)  # werkzeug's way: answered, then closed
    assert len(answers) == 1 and answers[0][0].getheader("Connection") == "close"
    assert answers[0][0].status == 200


def test_date_header_is_http_servers() -> None:
    handler = object.__new__(moto_server.KeepAliveRequestHandler)
    expected = BaseHTTPRequestHandler.date_time_string(handler)
    assert handler.date_time_string() in {
        expected,
        BaseHTTPRequestHandler.date_time_string(handler),
    }
    assert handler.date_time_string(0) == BaseHTTPRequestHandler.date_time_string(handler, 0)
