"""Errors of the core package.

Each class carries the HTTP status it maps to, a stable snake_case ``code`` and whether
retrying the same operation can help (``retryable``). Handlers turn any :class:`AppError`
into the API's error shape ``{"error": {"code", "message", "details"}}``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    """Base of every error the platform reports to a client."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    retryable: ClassVar[bool] = False

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def headers(self) -> dict[str, str]:
        """Extra response headers this error implies (none by default)."""
        return {}


class ValidationFailed(AppError):
    status = 400
    code = "validation_error"


class BadRequest(AppError):
    status = 400
    code = "bad_request"


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"


class MethodNotAllowed(AppError):
    status = 405
    code = "method_not_allowed"


class Conflict(AppError):
    status = 409
    code = "conflict"


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(AppError):
    status = 415
    code = "unsupported_media_type"


class RateLimited(AppError):
    status = 429
    code = "rate_limited"
    retryable = True

    def __init__(self, message: str, retry_after: int, details: Any = None) -> None:
        super().__init__(message, details)
        self.retry_after = max(1, int(retry_after))

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class ServiceUnavailable(AppError):
    status = 503
    code = "service_unavailable"
    retryable = True


class InternalError(AppError):
    status = 500
    code = "internal_error"


class _Adopted(AppError):
    """An error from a library package (the DCL engine) that carries its own HTTP status."""

    def __init__(self, source: Exception, status: int, code: str, retryable: bool) -> None:
        super().__init__(str(source) or code, getattr(source, "details", None))
        self.status = status  # type: ignore[misc]
        self.code = code  # type: ignore[misc]
        self.retryable = retryable  # type: ignore[misc]


def as_app_error(exc: BaseException) -> AppError | None:
    """``exc`` as an :class:`AppError` when it states its HTTP status and code (our own
    errors, and those of packages following the same convention), else ``None``."""
    if isinstance(exc, AppError):
        return exc
    status, code = getattr(exc, "status", None), getattr(exc, "code", None)
    if (
        isinstance(exc, Exception)
        and isinstance(status, int)
        and isinstance(code, str)
        and 400 <= status < 600
    ):
        return _Adopted(exc, status, code, bool(getattr(exc, "retryable", False)))
    return None
