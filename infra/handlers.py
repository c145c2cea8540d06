"""Load the Lambda handlers named in ``template.yaml`` exactly as the Python runtime would."""

from __future__ import annotations

import importlib
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from autonomos.config import PROJECT_ROOT

Handler = Callable[[dict[str, Any], Any], Any]


def load_handler(code_uri: str, handler: str) -> Handler:
    """Import ``<module path>.<attribute>`` from ``code_uri`` (``api_auth/app.app``)."""
    root = str((PROJECT_ROOT / code_uri).resolve())
    if root not in sys.path:
        sys.path.insert(0, root)
    module_path, _, attribute = handler.rpartition(".")
    module = importlib.import_module(module_path.replace("/", "."))
    loaded: Handler = getattr(module, attribute)
    return loaded


@dataclass
class LambdaContext:
    """The parts of the Lambda context object our handlers use."""

    function_name: str
    timeout_seconds: float
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:local"
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))
