import { TERMINAL_STATUSES, type Task, type TaskEvent, type TaskStatus } from '../api/types';

/**
 * Progress of an AOA run (connect → map → publish → run agents) read from the
 * run task's events. The contract does not fix how events carry progress, so
 * this reads, in order: an explicit `data.progress` (0–1 or 0–100), a
 * `data.step` / `data.total_steps` pair (or `steps`), and else the furthest
 * plan stage named by an event's kind or message.
 */

export const AOA_STAGES = ['connect', 'profile', 'map', 'publish', 'agents'] as const;
export type AoaStage = (typeof AOA_STAGES)[number];

const STAGE_WORDS: Record<AoaStage, RegExp> = {
  connect: /\bconnect/i,
  profile: /\bprofil/i,
  map: /\bmap(ping|ped|s)?\b|\bmatch/i,
  publish: /\bpublish/i,
  agents: /\bagent/i,
};

export interface RunProgress {
  /** 0..1 */
  fraction: number;
  stage: AoaStage | null;
  status: TaskStatus | null;
  done: boolean;
  /** The latest event's message, for the progress label. */
  lastMessage: string | null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function explicitFraction(data: unknown): number | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const progress = num(d.progress);
  if (progress !== null) return progress > 1 ? progress / 100 : progress;
  const step = num(d.step);
  const total = num(d.total_steps) ?? num(d.steps) ?? num(d.total);
  if (step !== null && total) return step / total;
  return null;
}

function stageOf(event: TaskEvent): AoaStage | null {
  const data = event.data && typeof event.data === 'object' ? (event.data as Record<string, unknown>) : {};
  const named = typeof data.stage === 'string' ? data.stage : typeof data.step === 'string' ? data.step : '';
  const text = `${named} ${event.kind} ${event.message}`;
  let found: AoaStage | null = null;
  AOA_STAGES.forEach((stage) => {
    if (STAGE_WORDS[stage].test(text)) found = stage;
  });
  return found;
}

export function isTerminal(status: TaskStatus | null | undefined): boolean {
  return status != null && TERMINAL_STATUSES.includes(status);
}

export function computeRunProgress(task: Pick<Task, 'status'> | null | undefined, events: readonly TaskEvent[]): RunProgress {
  const status = task?.status ?? null;
  const lastMessage = events.length ? (events[events.length - 1]?.message ?? null) : null;
  let fraction = 0;
  let stage: AoaStage | null = null;
  for (const event of events) {
    const explicit = explicitFraction(event.data);
    if (explicit !== null) fraction = Math.max(fraction, explicit);
    const s = stageOf(event);
    if (s) {
      stage = s;
      fraction = Math.max(fraction, (AOA_STAGES.indexOf(s) + 0.5) / AOA_STAGES.length);
    }
  }
  if (status === 'in_progress') fraction = Math.max(fraction, 0.04);
  const done = isTerminal(status);
  if (status === 'success') fraction = 1;
  return { fraction: Math.min(1, Math.max(0, fraction)), stage, status, done, lastMessage };
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
