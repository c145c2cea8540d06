import { describe, expect, it } from 'vitest';
import { previewViewName, slug } from '../../src/graph/preview';

describe('previewViewName', () => {
  it('prefers a view named by the node', () => {
    expect(previewViewName({ id: 'x', label: 'X', type: 'source', layer: 1, view: 'src_custom__x_2' })).toBe('src_custom__x_2');
  });

  it("previews an entity's unified table by entity name", () => {
    expect(previewViewName({ id: 'ontology:cost_reports', label: 'Cost reports (Unified)', type: 'ontology', layer: 2, entity: 'cost_reports' })).toBe(
      'cost_reports',
    );
    expect(previewViewName({ id: 'ontology:account', label: 'account (Unified)', type: 'ontology', layer: 2 })).toBe('account');
  });

  it("names a table's view as the publisher does", () => {
    expect(
      previewViewName({ id: 'source:sap:BILLING_ITEMS', label: 'BILLING_ITEMS', type: 'source', layer: 1, source_key: 'sap', table: 'BILLING_ITEMS' }),
    ).toBe('src_sap__billing_items');
    expect(slug('Cloud Spend-2')).toBe('cloud_spend_2');
    expect(slug('***')).toBe('x');
  });

  it('has nothing to preview for systems and agents', () => {
    expect(previewViewName({ id: 'agent:finops', label: 'FinOps', type: 'agent', layer: 3 })).toBeNull();
    expect(previewViewName({ id: 'source_parent:sap', label: 'SAP', type: 'source_parent', layer: 0 })).toBeNull();
  });
});
