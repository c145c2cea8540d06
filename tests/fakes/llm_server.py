"""A local fake LLM provider speaking enough of the OpenAI and Gemini HTTP APIs for their SDKs.

Usage::

    with FakeLlmServer() as srv:
        config = LlmConfig(provider="openai", model="gpt-test", api_key="sk-test",
                           base_url=srv.base_url_openai, timeout_seconds=5, max_retries=0)
        ...                       # call the real SDKs through autonomos_dcl.llm
        srv.mode = "malformed"    # change behaviour between calls
        srv.queue_modes("error500")  # script the next request(s), then back to srv.mode
        srv.requests              # what the server received (RecordedRequest list: provider,
                                  # path, headers, body, model, api_key, prompt_text, mode,
                                  # status, reply_text, input_tokens, output_tokens)
        srv.reset()               # mode "good", no queue, no recorded requests

Endpoints (bound to 127.0.0.1 on a free port):

- OpenAI: ``POST /v1/chat/completions`` (``base_url_openai`` ends with ``/v1``, as the
  SDK appends ``/chat/completions`` to its base URL). API key from ``Authorization: Bearer``.
- Gemini: ``POST /{version}/models/{model}:generateContent`` (``base_url_gemini`` is the
  server root; the SDK adds ``/v1beta/models/...``). API key from ``x-goog-api-key``.

Modes (``srv.mode``, may change at any time; ``srv.queue_modes(...)`` scripts the next
requests one by one):

- ``"good"``: a correct answer. For a mapping request (a user message holding the JSON
  payload with ``"columns"``), each column gets the candidate whose field name is most
  similar to the column name (difflib ratio of the lower-cased alphanumeric names);
  confidence is that ratio; below 0.3 the answer is "no mapping". Any other request gets
  a short plain-text summary. The rule reads only the request, never expected results.
- ``"malformed"``: a well-formed HTTP answer whose message text is truncated JSON.
- ``"invalid"``: valid JSON that violates the answer schema (a field that is not a
  candidate and a confidence of 1.5).
- ``"slow"``: waits ``slow_seconds`` before a good answer (for client timeouts).
- ``"error500"``, ``"error429"``, ``"error401"``: that HTTP status with the provider's
  error body.

Token usage in answers is deterministic: input tokens = words in the prompt texts,
output tokens = words in the reply; each ``RecordedRequest`` keeps what was reported.
"""

from __future__ import annotations

import difflib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, get_args
from urllib.parse import parse_qs, urlsplit

Mode = Literal["good", "malformed", "invalid", "slow", "error500", "error429", "error401"]
MODES: tuple[str, ...] = get_args(Mode)

_GEMINI_PATH = re.compile(r"^/(?P<version>v[^/]+)/models/(?P<model>[^/:]+):generateContent$")
_OPENAI_PATH = "/v1/chat/completions"
_NO_MATCH_BELOW = 0.3


@dataclass
class RecordedRequest:
    """One request the fake received, and what it answered."""

    provider: Literal["openai", "gemini"]
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    model: str
    api_key: str | None
    prompt_text: str
    mode: str = "good"
    status: int = 200
    reply_text: str = ""
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass
class _State:
    mode: str = "good"
    queued_modes: list[str] = field(default_factory=list)
    slow_seconds: float = 5.0
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class FakeLlmServer:
    """A threaded local HTTP server imitating the OpenAI and Gemini APIs (see module doc)."""

    def __init__(self, mode: Mode = "good", slow_seconds: float = 5.0) -> None:
        self._state = _State(mode=mode, slow_seconds=slow_seconds)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self._state))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------

    def start(self) -> FakeLlmServer:
        """Serve in a background thread; returns self."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, wake slow handlers and release the port."""
        self._state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLlmServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- scripting and inspection --------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url_openai(self) -> str:
        """Base URL to give the OpenAI SDK (``http://127.0.0.1:PORT/v1``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def base_url_gemini(self) -> str:
        """Base URL to give the Gemini SDK (``http://127.0.0.1:PORT``)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def mode(self) -> str:
        return self._state.mode

    @mode.setter
    def mode(self, value: str) -> None:
        if value not in MODES:
            raise ValueError(f"unknown mode {value!r}; expected one of {MODES}")
        self._state.mode = value

    @property
    def slow_seconds(self) -> float:
        return self._state.slow_seconds

    @slow_seconds.setter
    def slow_seconds(self, value: float) -> None:
        self._state.slow_seconds = value

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of the requests received so far, oldest first."""
        with self._state.lock:
            return list(self._state.requests)

    def queue_modes(self, *modes: str) -> None:
        """Use ``modes`` for the next requests, one each, before falling back to ``mode``
        (e.g. ``queue_modes("good", "malformed")`` fails only the second call)."""
        for value in modes:
            if value not in MODES:
                raise ValueError(f"unknown mode {value!r}; expected one of {MODES}")
        with self._state.lock:
            self._state.queued_modes.extend(modes)

    def reset(self, mode: Mode = "good", slow_seconds: float = 5.0) -> None:
        """Back to ``mode`` with no queued modes and no recorded requests (between tests)."""
        with self._state.lock:
            self._state.mode = mode
            self._state.slow_seconds = slow_seconds
            self._state.queued_modes.clear()
            self._state.requests.clear()

    def clear_requests(self) -> None:
        with self._state.lock:
            self._state.requests.clear()


# --- answering -------------------------------------------------------------------------


def _normalized(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _name_similarity(column: str, field_name: str) -> float:
    return difflib.SequenceMatcher(None, _normalized(column), _normalized(field_name)).ratio()


def _good_mapping_answer(payload: dict[str, Any]) -> dict[str, Any]:
    answers = []
    for question in payload.get("columns", []):
        best: dict[str, Any] | None = None
        best_score = 0.0
        for candidate in question.get("candidates", []):
            score = _name_similarity(str(question["column"]), str(candidate["field"]))
            if score > best_score:
                best, best_score = candidate, score
        matched = best is not None and best_score >= _NO_MATCH_BELOW
        answers.append(
            {
                "table": question["table"],
                "column": question["column"],
                "entity": best["entity"] if matched and best else None,
                "field": best["field"] if matched and best else None,
                "confidence": round(best_score, 2),
                "reason": f"name similarity {best_score:.2f}",
            }
        )
    return {"answers": answers}


def _invalid_mapping_answer(payload: dict[str, Any]) -> dict[str, Any]:
    first = (payload.get("columns") or [{"table": "t", "column": "c"}])[0]
    return {
        "answers": [
            {
                "table": first["table"],
                "column": first["column"],
                "entity": "not_an_entity",
                "field": "not_a_candidate",
                "confidence": 1.5,
                "reason": "made up",
            }
        ]
    }


def _mapping_payload(user_text: str) -> dict[str, Any] | None:
    try:
        payload = json.loads(user_text)
    except ValueError:
        return None
    if isinstance(payload, dict) and isinstance(payload.get("columns"), list):
        return payload
    return None


def _reply_text(mode: str, user_text: str) -> str:
    payload = _mapping_payload(user_text)
    if mode == "malformed":
        return '{"answers": [{"table": "'
    if payload is None:
        words = len(user_text.split())
        return f"Fake summary: the request held {words} words."
    if mode == "invalid":
        return json.dumps(_invalid_mapping_answer(payload))
    return json.dumps(_good_mapping_answer(payload))


def _count_words(text: str) -> int:
    return len(text.split())


# --- provider wire formats -------------------------------------------------------------


def _openai_texts(body: dict[str, Any]) -> tuple[str, str]:
    """(all prompt text, last user message text) of a chat completions body."""
    texts: list[str] = []
    last_user = ""
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        text = str(content or "")
        texts.append(text)
        if message.get("role") == "user":
            last_user = text
    return "\n".join(texts), last_user


def _gemini_texts(body: dict[str, Any]) -> tuple[str, str]:
    texts: list[str] = []
    system = body.get("systemInstruction") or body.get("system_instruction") or {}
    texts.extend(str(part.get("text", "")) for part in system.get("parts", []))
    last_user = ""
    for content in body.get("contents", []):
        text = "".join(str(part.get("text", "")) for part in content.get("parts", []))
        texts.append(text)
        if content.get("role", "user") == "user":
            last_user = text
    return "\n".join(texts), last_user


def _openai_reply(model: str, text: str, usage: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1],
        },
    }


def _gemini_reply(model: str, text: str, usage: tuple[int, int]) -> dict[str, Any]:
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": text}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {
            "promptTokenCount": usage[0],
            "candidatesTokenCount": usage[1],
            "totalTokenCount": usage[0] + usage[1],
        },
        "modelVersion": model,
    }


_ERROR_STATUS = {"error500": 500, "error429": 429, "error401": 401}
_GEMINI_STATUS_NAME = {500: "INTERNAL", 429: "RESOURCE_EXHAUSTED", 401: "UNAUTHENTICATED"}
_OPENAI_ERROR_TYPE = {500: "server_error", 429: "rate_limit_exceeded", 401: "invalid_api_key"}


def _error_body(provider: str, status: int) -> dict[str, Any]:
    message = f"fake provider error {status}"
    if provider == "gemini":
        return {
            "error": {"code": status, "message": message, "status": _GEMINI_STATUS_NAME[status]}
        }
    return {
        "error": {
            "message": message,
            "type": _OPENAI_ERROR_TYPE[status],
            "param": None,
            "code": _OPENAI_ERROR_TYPE[status],
        }
    }


def _make_handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

        def do_POST(self) -> None:
            split = urlsplit(self.path)
            gemini_match = _GEMINI_PATH.match(split.path)
            if split.path != _OPENAI_PATH and gemini_match is None:
                self._send_json(404, {"error": {"message": f"no route {split.path}"}})
                return
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            try:
                body = json.loads(raw)
            except ValueError:
                self._send_json(400, {"error": {"message": "body is not JSON"}})
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            if gemini_match is not None:
                query_key = parse_qs(split.query).get("key", [None])[0]
                prompt, user_text = _gemini_texts(body)
                record = RecordedRequest(
                    provider="gemini",
                    path=split.path,
                    headers=headers,
                    body=body,
                    model=gemini_match.group("model"),
                    api_key=headers.get("x-goog-api-key") or query_key,
                    prompt_text=prompt,
                )
            else:
                prompt, user_text = _openai_texts(body)
                authorization = headers.get("authorization", "")
                record = RecordedRequest(
                    provider="openai",
                    path=split.path,
                    headers=headers,
                    body=body,
                    model=str(body.get("model", "")),
                    api_key=authorization.removeprefix("Bearer ") if authorization else None,
                    prompt_text=prompt,
                )
            with state.lock:
                mode = state.queued_modes.pop(0) if state.queued_modes else state.mode
                record.mode = mode
                state.requests.append(record)
            self._answer(record, mode, user_text)

        def _answer(self, record: RecordedRequest, mode: str, user_text: str) -> None:
            if mode in _ERROR_STATUS:
                record.status = _ERROR_STATUS[mode]
                extra = {"retry-after": "0"} if record.status == 429 else {}
                self._send_json(record.status, _error_body(record.provider, record.status), extra)
                return
            if mode == "slow" and state.stopping.wait(state.slow_seconds):
                return
            text = _reply_text(mode, user_text)
            usage = (_count_words(record.prompt_text), max(1, _count_words(text)))
            record.reply_text, record.input_tokens, record.output_tokens = text, *usage
            reply = (
                _gemini_reply(record.model, text, usage)
                if record.provider == "gemini"
                else _openai_reply(record.model, text, usage)
            )
            self._send_json(200, reply)

        def _send_json(
            self, status: int, payload: dict[str, Any], extra: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout); nothing to do

    return Handler
