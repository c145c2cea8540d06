const LABEL: Record<string, string> = {
  queued: 'Queued',
  in_progress: 'In progress',
  success: 'Success',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** A task status as a coloured badge. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge--${status}`} data-testid="task-status">
      {LABEL[status] ?? status}
    </span>
  );
}
