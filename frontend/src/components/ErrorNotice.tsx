import { errorMessage } from '../api/errors';

/** Shows the message of an API error (the contract's `error.message`) in an alert. */
export function ErrorNotice({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  return (
    <p className="notice notice--error" role="alert" data-testid={testId ?? 'error-notice'}>
      {errorMessage(error)}
    </p>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="loading__dot" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}
