import { describe, expect, it } from 'vitest';
import type { GraphNode, Source } from '../../src/api/types';
import { edgeTooltip, formatConfidence } from '../../src/graph/tooltips';

const nodes: GraphNode[] = [
  { id: 'sys:sf', label: 'Salesforce', type: 'source_parent', layer: 0, source_key: 'salesforce' },
  { id: 'tbl:sf.Account', label: 'Account', type: 'source', layer: 1 },
  { id: 'ent:account', label: 'account (Unified)', type: 'ontology', layer: 2 },
  { id: 'agent:revops', label: 'RevOps Pilot', type: 'agent', layer: 3 },
];
const byId = new Map(nodes.map((n) => [n.id, n]));
const catalog: Source[] = [
  { key: 'hubspot', name: 'HubSpot', kind: 'demo', system: 'hubspot', tables: [{ name: 'Account', columns: [{ name: 'wrong', type: 'text' }], row_count: 1 }] },
  {
    key: 'salesforce',
    name: 'Salesforce',
    kind: 'demo',
    system: 'salesforce',
    tables: [{ name: 'Account', columns: [{ name: 'Id', type: 'text' }, { name: 'AnnualRevenue', type: 'double' }], row_count: 10 }],
  },
];

describe('edgeTooltip', () => {
  it("lists a table's fields on a system → table edge, from the right system", () => {
    const tip = edgeTooltip({ source: 'sys:sf', target: 'tbl:sf.Account', edge_type: 'hierarchy', value: 2 }, byId, catalog);
    expect(tip.title).toBe('Salesforce → Account');
    expect(tip.lines).toEqual(['Id (text)', 'AnnualRevenue (double)']);
  });

  it('prefers the fields carried by the node itself', () => {
    const withFields = new Map(byId);
    withFields.set('tbl:sf.Account', { ...nodes[1]!, fields: ['A', 'B'] });
    const tip = edgeTooltip({ source: 'sys:sf', target: 'tbl:sf.Account', edge_type: 'hierarchy', value: 2 }, withFields, catalog);
    expect(tip.lines).toEqual(['A', 'B']);
  });

  it('lists field mappings with confidences, most confident first', () => {
    const tip = edgeTooltip(
      {
        source: 'tbl:sf.Account',
        target: 'ent:account',
        edge_type: 'dataflow',
        value: 2,
        field_mappings: [
          { source_field: 'Name', ontology_field: 'account.account_name', confidence: 0.64, method: 'heuristic' },
          { source_field: 'Id', ontology_field: 'account.account_id', confidence: 0.98, method: 'memory' },
        ],
      },
      byId,
    );
    expect(tip.title).toBe('Account → account');
    expect(tip.lines).toEqual(['Id → account.account_id  98 % · memory', 'Name → account.account_name  64 % · heuristic']);
  });

  it('says what an agent consumes', () => {
    const tip = edgeTooltip({ source: 'ent:account', target: 'agent:revops', edge_type: 'dataflow', value: 1 }, byId);
    expect(tip.lines).toEqual(['RevOps Pilot consumes account']);
  });

  it('caps long lists', () => {
    const many = new Map(byId);
    many.set('tbl:sf.Account', { ...nodes[1]!, fields: Array.from({ length: 30 }, (_, i) => `f${i}`) });
    const tip = edgeTooltip({ source: 'sys:sf', target: 'tbl:sf.Account', edge_type: 'hierarchy', value: 2 }, many);
    expect(tip.lines).toHaveLength(15);
    expect(tip.lines[14]).toBe('… and 16 more');
  });
});

describe('formatConfidence', () => {
  it('reads fractions and percentages', () => {
    expect(formatConfidence(0.923)).toBe('92 %');
    expect(formatConfidence(87)).toBe('87 %');
    expect(formatConfidence(undefined)).toBe('—');
  });
});
