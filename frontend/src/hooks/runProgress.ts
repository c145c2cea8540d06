import { TERMINAL_STATUSES, type Task, type TaskEvent, type TaskStatus } from '../api/types';

/**
 * Progress of an AOA run read from its `aoa.run` task's events. The backend
 * (agents/aoa.py) writes, on every step of the plan, an event whose `data`
 * carries `progress` (a percentage, 0–100, never decreasing) and `stage`
 * (plan → connect → profile → map → publish → agents → done); the agent
 * steps name the agent in `data.agent`.
 */

export const AOA_STAGES = ['plan', 'connect', 'profile', 'map', 'publish', 'agents', 'done'] as const;
export type AoaStage = (typeof AOA_STAGES)[number];

export interface RunProgress {
  /** 0..1 */
  fraction: number;
  stage: AoaStage | null;
  status: TaskStatus | null;
  done: boolean;
  /** The latest event's message, for the progress label. */
  lastMessage: string | null;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isStage(value: unknown): value is AoaStage {
  return typeof value === 'string' && (AOA_STAGES as readonly string[]).includes(value);
}

export function isTerminal(status: TaskStatus | null | undefined): boolean {
  return status != null && TERMINAL_STATUSES.includes(status);
}

export function computeRunProgress(task: Pick<Task, 'status'> | null | undefined, events: readonly TaskEvent[]): RunProgress {
  const status = task?.status ?? null;
  const lastMessage = events.length ? (events[events.length - 1]?.message ?? null) : null;
  let percent = 0;
  let stage: AoaStage | null = null;
  for (const event of events) {
    const data = record(event.data);
    if (typeof data.progress === 'number' && Number.isFinite(data.progress)) percent = Math.max(percent, data.progress);
    if (isStage(data.stage)) stage = data.stage;
  }
  let fraction = percent / 100;
  if (status === 'in_progress') fraction = Math.max(fraction, 0.02);
  if (status === 'success') fraction = 1;
  return { fraction: Math.min(1, Math.max(0, fraction)), stage, status, done: isTerminal(status), lastMessage };
}

/** Seconds between two instants (the second defaults to now); 0 when the start is unknown. */
export function elapsedSeconds(start: string | null | undefined, end: string | null | undefined, now: number): number {
  if (!start) return 0;
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now;
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 0;
  return Math.max(0, Math.round((to - from) / 1000));
}

/** "1:05" for 65 s, "1:00:05" past an hour. */
export function formatElapsed(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
