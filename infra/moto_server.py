"""The embedded moto server, with moto's SQS hot paths and per-request overhead cut down.

SQS model. moto 5 recomputes every queue attribute — including the three ``ApproximateNumberOf*``
counts, each a scan of all messages with two clock reads per message — whenever it reads one
attribute: on every ``SendMessage`` (the content-based deduplication flag) and for every
message a ``ReceiveMessage`` returns (the retention period). A backlog of a few thousand
messages made each call cost tens of milliseconds, so the emulator, not the platform, set the
local stack's throughput. The patches below keep moto's behaviour and answers; they only read
the one attribute asked for, use one clock read per call, and delete by receipt handle in one
pass.

Requests. Most of the emulator's CPU went to work around each call rather than in it: a TCP
connection and a thread per request (werkzeug's dev server closes every connection), an access
log line, moto finding the service by listing its package directory and reflecting over the
response class, and generic serialisation. The server and dispatch patches below remove that
work without changing what moto answers; each says what moto does and why the answer is the
same. All are applied in the emulator's own process only (``python -m infra.moto_server``).
"""

from __future__ import annotations

import functools
import json
import string
import sys
import time
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from moto.core import request, responses, serialize
from moto.core.utils import camelcase_to_underscores, method_names_from_class
from moto.moto_api._internal import mock_random
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler
from moto.sqs import models
from moto.sqs.exceptions import ReceiptHandleIsInvalid
from werkzeug.datastructures import EnvironHeaders
from werkzeug.wsgi import LimitedStream


class QueueAttributes(Mapping[str, Any]):
    """A queue's attributes as moto reports them, each computed when it is read."""

    def __init__(self, queue: models.Queue) -> None:
        self._queue = queue
        names = list(queue.BASE_ATTRIBUTES)
        if queue.fifo_queue:
            names += queue.FIFO_ATTRIBUTES
        if queue.kms_master_key_id:  # type: ignore[attr-defined]
            names += queue.KMS_ATTRIBUTES
        if queue.policy:
            names.append("Policy")
        if queue.redrive_policy:
            names.append("RedrivePolicy")
        self._names = names

    def __getitem__(self, name: str) -> Any:
        if name not in self._names:
            raise KeyError(name)
        if name == "Policy":
            return self._queue.policy
        if name == "RedrivePolicy":
            return json.dumps(self._queue.redrive_policy)
        value = getattr(self._queue, _camelcase_to_underscores(name))
        return str(value).lower() if isinstance(value, bool) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@functools.lru_cache(maxsize=4096)
def _camelcase_to_underscores(name: str) -> str:
    """moto's conversion of action and attribute names (a loop over the characters), memoised."""
    return camelcase_to_underscores(name)


_moto_unix_time_millis = models.unix_time_millis


def _now_millis(moment: datetime | None = None) -> float:
    """moto's ``unix_time_millis`` without its datetime arithmetic for "now"."""
    return time.time() * 1000 if moment is None else _moto_unix_time_millis(moment)


def _messages(queue: models.Queue) -> list[models.Message]:
    """Visible, undelayed messages, reading the clock once."""
    now = _now_millis()
    return [m for m in queue._messages if m.visible_at < now and m.delayed_until <= now]


def _delete_message(queue: models.Queue, receipt_handle: str) -> None:
    if receipt_handle in queue.deleted_messages:
        return
    for index, message in enumerate(queue._messages):
        if message.had_receipt_handle(receipt_handle):
            queue.pending_messages.discard(message)
            queue.deleted_messages.update(message.all_receipt_handles)  # type: ignore[arg-type]
            del queue._messages[index]
            return
    raise ReceiptHandleIsInvalid()


def _retention_ok(backend: models.SQSBackend, queue_name: str, message: models.Message) -> bool:
    retention = int(backend.get_queue(queue_name).message_retention_period)  # type: ignore[attr-defined]
    return bool(retention + message.sent_timestamp / 1000 > time.time())  # type: ignore[operator]


def _receipt_handle() -> str:
    """moto's receipt handle, 185 letters drawn from moto's seedable random in one call rather
    than one ``choice`` call per letter: same alphabet, length and distribution (a seeded run
    draws other letters than moto's, as reproducibly)."""
    return "".join(mock_random.choices(string.ascii_lowercase, k=185))


class _RequestBody(LimitedStream):
    """The request body, bounded by its ``Content-Length``; a client gone mid-body reads as its
    end (the connection is then closed), as werkzeug's own drain of the socket did."""

    def on_disconnect(self, error: Exception | None = None) -> None:
        pass


class KeepAliveRequestHandler(MotoRequestHandler):
    """moto's request handler, keeping HTTP/1.1 connections open and logging no access line.

    Werkzeug's dev server ends every response with ``Connection: close`` because it cannot tell
    where an unread request body ends, so each boto3 call opened a TCP connection and the server
    started a thread for it. Here the application reads the body through a stream bounded by its
    ``Content-Length``, and what it left unread is drained afterwards, so the connection is at
    the next request line. Chunked, malformed or HTTP/1.0 requests keep werkzeug's close. The
    responses are werkzeug's, without that header.
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: don't wait for an ACK
    _body: _RequestBody | None = None
    _date: tuple[int, str] = (0, "")

    def run_wsgi(self) -> None:
        self._body = self._bounded_body()
        if self._body is None:
            super().run_wsgi()
            return
        raw, self.rfile = self.rfile, self._body  # type: ignore[assignment]
        try:
            super().run_wsgi()  # werkzeug's wsgi.input and its drain read the bounded body
        finally:
            self.rfile = raw
        self._body.exhaust()
        if not self._body.is_exhausted:  # the client went away mid-body
            self.close_connection = True

    def _bounded_body(self) -> _RequestBody | None:
        if self.request_version != "HTTP/1.1" or "Transfer-Encoding" in self.headers:
            return None
        length = self.headers.get("Content-Length", "0").strip()
        return _RequestBody(self.rfile, int(length)) if length.isdigit() else None  # type: ignore[arg-type]

    def send_header(self, keyword: str, value: str) -> None:
        keep_alive = self._body is not None and not self.close_connection  # client's choice
        if keyword == "Connection" and value == "close" and keep_alive:
            return
        super().send_header(keyword, value)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """No access log line per request (errors are still logged)."""

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The ``Date`` header, formatted once per second (it has a one-second resolution)."""
        if timestamp is not None:
            return super().date_time_string(timestamp)
        now = int(time.time())
        second, text = KeepAliveRequestHandler._date
        if second != now:
            text = super().date_time_string(now)
            KeepAliveRequestHandler._date = (now, text)
        return text


_backends_by_host: dict[str, Any] = {}
_moto_backend_for_host = DomainDispatcherApplication.get_backend_for_host


def _backend_for_host(self: DomainDispatcherApplication, host: str | None) -> Any:
    """moto's lookup of the service for a host (a listing of moto's package directory, then up
    to a few hundred URL regexes), remembered for each host it resolved: the answer depends on
    the host only. Hosts it does not resolve are looked up again, as moto does."""
    if host is None:
        return None
    backend = _backends_by_host.get(host)
    if backend is None:
        backend = _moto_backend_for_host(self, host)
        if backend:
            _backends_by_host[host] = backend
    return backend


_method_names: dict[type, list[str]] = {}


def _method_names_from_class(cls: type) -> list[str]:
    """moto's ``inspect.getmembers`` reflection on a response class, done once per class (moto
    uses it to check that an action is implemented; classes do not change while serving)."""
    names = _method_names.get(cls)
    if names is None:
        names = _method_names[cls] = method_names_from_class(cls)
    return names


_moto_iter_headers = request.EnvironHeaders.__iter__


def _iter_headers(self: request.EnvironHeaders) -> Iterator[tuple[str, str]]:
    """moto renames the headers whose original spelling it preserved (S3 metadata with an
    underscore), computing each header's environ key to look it up; with none preserved, every
    name is werkzeug's, so werkzeug's iteration is the same answer."""
    if self.environ.get(request.PRESERVED_HEADER_NAMES_ENVIRON_KEY):
        return _moto_iter_headers(self)
    return EnvironHeaders.__iter__(self)


_moto_get_value = serialize.ResponseSerializer.get_value
_ALIASED_TYPES = ("list", "structure")


def _get_value(
    self: serialize.ResponseSerializer, value: Any, key: str, shape: serialize.Shape
) -> Any:
    """The value a response field takes from the action's result.

    moto's picker tries a series of aliases of the field's name, building an alias provider for
    each. For a plain ``dict`` (which has no ``Meta`` aliases) the first candidate is the name
    itself unless the shape-name alias applies (lists and structures only), so when the dict
    has the name, moto's answer is that entry. Anything else goes through moto's picker.
    """
    picker = self._value_picker
    if (
        type(value) is dict
        and key in value
        and type(picker) is serialize.XFormedAttributePicker
        and picker.alias_providers is serialize.DEFAULT_ALIAS_PROVIDERS
        and not picker.response_transformers
        and shape is not None
        and (shape.type_name not in _ALIASED_TYPES or shape.name == key)
    ):
        return value[key]
    return _moto_get_value(self, value, key, shape)


def apply_models() -> None:
    """Patch moto's SQS model in this process (idempotent)."""
    sqs: Any = models  # patched dynamically: moto's own annotations do not apply
    sqs.Queue.attributes = property(QueueAttributes)
    sqs.Queue.messages = property(_messages)
    sqs.Queue.delete_message = _delete_message
    sqs.SQSBackend.is_message_valid_based_on_retention_period = _retention_ok
    sqs.unix_time_millis = _now_millis
    sqs.generate_receipt_handle = _receipt_handle
    sqs.camelcase_to_underscores = _camelcase_to_underscores


def apply_dispatch() -> None:
    """Patch moto's per-request dispatch and serialisation in this process (idempotent)."""
    for owner, name, patch in (
        (DomainDispatcherApplication, "get_backend_for_host", _backend_for_host),
        (responses, "method_names_from_class", _method_names_from_class),
        (responses, "camelcase_to_underscores", _camelcase_to_underscores),
        (request.EnvironHeaders, "__iter__", _iter_headers),
        (serialize.ResponseSerializer, "get_value", _get_value),
    ):
        setattr(owner, name, patch)


def apply() -> None:
    """All the patches but the request handler's (which ``main`` hands to moto's server)."""
    apply_models()
    apply_dispatch()


def main() -> None:
    apply()
    import moto.server

    moto.server.MotoRequestHandler = KeepAliveRequestHandler  # type: ignore[misc]
    moto.server.main(sys.argv[1:])


if __name__ == "__main__":
    main()
