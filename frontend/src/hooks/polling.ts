/**
 * How often the dashboard asks the API again. The DCL state answers 304 when
 * nothing changed (ETag), so it can be asked often during a run; everything
 * else is refreshed at a calm pace, and nothing polls in a hidden tab.
 */
export const POLL = {
  /** DCL state while a run is active. */
  dclStateActiveMs: 2_000,
  /** DCL state when idle. */
  dclStateIdleMs: 10_000,
  /** A running task and its events. */
  taskActiveMs: 1_500,
  /** Lists (tasks, findings, review queue). */
  calmMs: 30_000,
} as const;
