/**
 * Errors from the API. Every error response of the contract is
 * `{"error": {"code", "message", "details"}}`; anything else (a proxy's HTML
 * page, a network failure) is turned into an ApiError with a readable message.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A generic message for a status when the body says nothing useful. */
export function statusMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  if (status === 409) return 'That conflicts with the current state.';
  if (status === 429) return 'Too many requests. Please wait a moment.';
  if (status >= 500) return `The server failed (HTTP ${status}).`;
  return `Request failed (HTTP ${status}).`;
}

/**
 * Builds the ApiError for a failed response body (already parsed as JSON, or
 * the raw text when it was not JSON). Reads the contract's error shape and
 * falls back to FastAPI-style `{"detail": ...}` and to the status text.
 */
export function parseErrorBody(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const err = body.error;
    const code = typeof err.code === 'string' && err.code ? err.code : `http_${status}`;
    const message = typeof err.message === 'string' && err.message ? err.message : statusMessage(status);
    return new ApiError(status, code, message, err.details);
  }
  if (isRecord(body) && 'detail' in body) {
    const detail = body.detail;
    const message = typeof detail === 'string' ? detail : statusMessage(status);
    return new ApiError(status, `http_${status}`, message, detail);
  }
  return new ApiError(status, `http_${status}`, statusMessage(status), body);
}

/** A readable message for anything thrown (ApiError, network TypeError, ...). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message || 'Something went wrong.';
  return 'Something went wrong.';
}
