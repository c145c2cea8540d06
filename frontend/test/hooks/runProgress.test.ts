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

describe('computeRunProgress', () => {
  it('advances with the plan stages named by events', () => {
    const connect = computeRunProgress({ status: 'in_progress' }, [ev(1, 'step', 'Connecting 9 sources')]);
    const publish = computeRunProgress({ status: 'in_progress' }, [ev(1, 'step', 'Connecting'), ev(2, 'step', 'Publishing version 4')]);
    expect(connect.stage).toBe('connect');
    expect(publish.stage).toBe('publish');
    expect(publish.fraction).toBeGreaterThan(connect.fraction);
    expect(publish.fraction).toBeLessThan(1);
    expect(publish.lastMessage).toBe('Publishing version 4');
  });

  it('uses explicit progress in event data (fraction, percent or step of steps)', () => {
    expect(computeRunProgress({ status: 'in_progress' }, [ev(1, 'progress', 'x', { progress: 0.42 })]).fraction).toBeCloseTo(0.42);
    expect(computeRunProgress({ status: 'in_progress' }, [ev(1, 'progress', 'x', { progress: 75 })]).fraction).toBeCloseTo(0.75);
    expect(computeRunProgress({ status: 'in_progress' }, [ev(1, 'progress', 'x', { step: 3, total_steps: 4 })]).fraction).toBeCloseTo(0.75);
  });

  it('is complete on success and done on any terminal state', () => {
    expect(computeRunProgress({ status: 'success' }, [])).toMatchObject({ fraction: 1, done: true });
    const failed = computeRunProgress({ status: 'failed' }, [ev(1, 'step', 'Mapping columns')]);
    expect(failed.done).toBe(true);
    expect(failed.fraction).toBeLessThan(1);
    expect(computeRunProgress({ status: 'queued' }, [])).toMatchObject({ fraction: 0, done: false });
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
