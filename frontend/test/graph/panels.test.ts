import { describe, expect, it } from 'vitest';
import { memoryTotals } from '../../src/components/dcl/MemoryPanel';
import { runNote, topFindings } from '../../src/components/dcl/AgentLayer';
import { toNarration } from '../../src/components/dcl/NarrationPanel';
import { stageLabel } from '../../src/components/ProgressBar';
import { findingPage, findings } from '../fixtures/api';

describe('memory panel', () => {
  it('shows the counters the state carries, LLM calls saved first', () => {
    expect(memoryTotals({ entries: 27, retrievals: 171, hits: 39, llm_calls_saved: 39, recent: [] }).map((t) => [t.label, t.value])).toEqual([
      ['LLM calls saved', 39],
      ['Remembered mappings', 27],
      ['Hits', 39],
      ['Retrievals', 171],
    ]);
  });

  it('shows only the entry count before the first run', () => {
    expect(memoryTotals({ entries: 0 }).map((t) => t.key)).toEqual(['entries']);
  });
});

describe('narration reader', () => {
  it('lists the newest line first and keeps at most the last `max`', () => {
    const events = [
      { at: '2026-11-24T10:00:00Z', message: 'dynamics: heuristic mapping (no LLM configured)' },
      { at: '2026-11-24T10:00:01Z', message: 'published version 1 (10170 rows)' },
      { at: '2026-11-24T10:00:01Z', message: 'published version 2 (10170 rows)' },
    ];
    expect(toNarration(events).map((l) => l.message)).toEqual([
      'published version 2 (10170 rows)',
      'published version 1 (10170 rows)',
      'dynamics: heuristic mapping (no LLM configured)',
    ]);
    expect(toNarration(events, 1).map((l) => l.message)).toEqual(['published version 2 (10170 rows)']);
    // Lines with the same instant still get distinct keys.
    expect(new Set(toNarration(events).map((l) => l.key)).size).toBe(3);
  });
});

describe('agent layer', () => {
  it('shows the most severe findings first', () => {
    const mixed = [...findings.finops_pilot!, ...findings.revops_pilot!];
    expect(topFindings(mixed, 2).map((f) => f.severity)).toEqual(['high', 'medium']);
  });

  it('explains a run that lacked inputs, and says nothing about a completed one', () => {
    const missing = findingPage('revops_pilot', { items: [], run_status: 'missing_inputs', missing: ['account.revenue', 'usage.last_login_days'] });
    expect(runNote(missing)).toContain('account.revenue, usage.last_login_days');
    expect(runNote(findingPage('finops_pilot'))).toBeNull();
    expect(runNote(undefined)).toBeNull();
  });
});

describe('run stages', () => {
  it("names the connect step and each agent's step", () => {
    const agents = [{ id: 'finops_pilot', name: 'FinOps Pilot' }];
    expect(stageLabel('connect', agents)).toBe('Connect, map & publish');
    expect(stageLabel('agent:finops_pilot', agents)).toBe('FinOps Pilot');
    expect(stageLabel('agent:unknown_agent', agents)).toBe('unknown_agent');
  });
});
