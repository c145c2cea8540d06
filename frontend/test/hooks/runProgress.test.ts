import { describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../src/api/types';
import { computeRunProgress, elapsedSeconds, formatElapsed } from '../../src/hooks/runProgress';

const ev = (seq: number, kind: string, message: string, data: unknown = {}): TaskEvent => ({
  seq,
  at: '2026-11-24T10:00:00Z',
  kind,
  message,
  data,
});

// Events as agents/aoa.py writes them on the aoa.run task.
const plan = ev(3, 'plan', 'plan: connect → map → publish → finops_pilot, revops_pilot', { stage: 'plan', stages: 3, progress: 2 });
const connected = ev(5, 'stage', 'connected 9 sources, 16 tables', { stage: 'connect', progress: 6 });
const mapped = ev(7, 'stage', 'mapped: 64 approved, 27 waiting for review', { stage: 'map', progress: 20 });
const published = ev(9, 'stage', 'published version 1', { stage: 'publish', version: 1, progress: 33 });
const agentDone = ev(11, 'agent', 'FinOps Pilot: 0 findings', { agent: 'finops_pilot', findings: 0, progress: 50 });
const finished = ev(14, 'done', 'AOA run complete', { stage: 'done', progress: 100 });

describe('computeRunProgress', () => {
  it('reads the percentage and the stage from the events, not from their wording', () => {
    // The plan line names every stage: it must not count as "publish".
    const atPlan = computeRunProgress({ status: 'in_progress' }, [plan]);
    expect(atPlan.stage).toBe('plan');
    expect(atPlan.fraction).toBeCloseTo(0.02);
    const atMap = computeRunProgress({ status: 'in_progress' }, [plan, connected, mapped]);
    expect(atMap.stage).toBe('map');
    expect(atMap.fraction).toBeCloseTo(0.2);
    expect(atMap.lastMessage).toBe('mapped: 64 approved, 27 waiting for review');
  });

  it('keeps the last stage named when an event carries progress only', () => {
    const p = computeRunProgress({ status: 'in_progress' }, [plan, connected, mapped, published, agentDone]);
    expect(p.stage).toBe('publish');
    expect(p.fraction).toBeCloseTo(0.5);
  });

  it('treats progress as a percentage, so 1 means 1 %', () => {
    const p = computeRunProgress({ status: 'in_progress' }, [ev(1, 'plan', 'plan', { stage: 'plan', progress: 1 })]);
    expect(p.fraction).toBeCloseTo(0.02); // the floor shown while running, not 100 %
  });

  it('never goes backwards', () => {
    const p = computeRunProgress({ status: 'in_progress' }, [mapped, ev(8, 'stage', 'late', { stage: 'map', progress: 5 })]);
    expect(p.fraction).toBeCloseTo(0.2);
  });

  it('is complete on success and done on any terminal state', () => {
    expect(computeRunProgress({ status: 'success' }, [])).toMatchObject({ fraction: 1, done: true });
    expect(computeRunProgress({ status: 'success' }, [plan, finished])).toMatchObject({ fraction: 1, stage: 'done' });
    const failed = computeRunProgress({ status: 'failed' }, [plan, connected, mapped]);
    expect(failed.done).toBe(true);
    expect(failed.fraction).toBeCloseTo(0.2);
    expect(computeRunProgress({ status: 'queued' }, [])).toMatchObject({ fraction: 0, done: false, stage: null });
  });
});

describe('elapsed time', () => {
  it('counts from start to end, or to now', () => {
    expect(elapsedSeconds('2026-11-24T10:00:00Z', '2026-11-24T10:01:05Z', 0)).toBe(65);
    expect(elapsedSeconds('2026-11-24T10:00:00Z', null, Date.parse('2026-11-24T10:00:09Z'))).toBe(9);
    expect(elapsedSeconds(null, null, 0)).toBe(0);
    expect(formatElapsed(65)).toBe('1:05');
    expect(formatElapsed(3725)).toBe('1:02:05');
  });
});
