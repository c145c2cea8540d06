import { describe, expect, it } from 'vitest';
import { memoryTotals, toRetrievals } from '../../src/components/dcl/MemoryPanel';
import { toNarration } from '../../src/components/dcl/NarrationPanel';
import { normaliseLineage } from '../../src/components/LineageView';

describe('memory panel readers', () => {
  it('reads flat retrievals and memory hits, and every numeric total', () => {
    const memory = {
      retrievals: 12,
      hits: 5,
      llm_calls_saved: 5,
      recent_hits: [
        { entry: { source_table: 'Account', source_column: 'AnnualRevenue', entity: 'account', field: 'revenue' }, similarity: 0.91 },
        { source_table: 'Deals', source_field: 'amount', ontology_field: 'opportunity.amount', score: 0.8 },
      ],
    };
    expect(toRetrievals(memory)).toEqual([
      { key: 'r0', from: 'Account.AnnualRevenue', to: 'account.revenue', similarity: 0.91 },
      { key: 'r1', from: 'Deals.amount', to: 'opportunity.amount', similarity: 0.8 },
    ]);
    expect(memoryTotals(memory).map((t) => [t.label, t.value])).toEqual([
      ['LLM calls saved', 5],
      ['Retrievals', 12],
      ['Hits', 5],
    ]);
  });
});

describe('narration reader', () => {
  it('reads strings and event objects, newest first', () => {
    const lines = toNarration(['plain line', { seq: 7, ts: '2026-11-24T10:00:00Z', level: 'warn', text: 'LLM answer invalid; heuristics used' }]);
    expect(lines.map((l) => [l.key, l.kind, l.message])).toEqual([
      ['7', 'warn', 'LLM answer invalid; heuristics used'],
      ['e0', null, 'plain line'],
    ]);
  });
});

describe('lineage reader', () => {
  it('reads fields with their source columns and agents', () => {
    const entries = normaliseLineage({
      matches: [
        {
          entity: 'opportunity',
          field: 'amount',
          source_columns: [{ source_system: 'salesforce', source_table: 'Opportunity', source_column: 'Amount', confidence: 0.97 }],
          agents: [{ id: 'revops_pilot', name: 'RevOps Pilot' }],
        },
      ],
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      field: 'opportunity.amount',
      columns: [{ system: 'salesforce', table: 'Opportunity', column: 'Amount', confidence: 0.97 }],
      agents: ['RevOps Pilot'],
    });
    expect(normaliseLineage([{ field: 'account.revenue', columns: [], consumers: ['finops_pilot'] }])[0]).toMatchObject({
      field: 'account.revenue',
      agents: ['finops_pilot'],
    });
  });
});
