import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/api/types';
import { layoutGraph, nodeLayer } from '../../src/graph/layout';
import { rectsOverlap } from '../../src/graph/labels';
import { NODE_STYLES } from '../../src/graph/nodeStyle';
import { demoGraph } from '../fixtures/dclGraph';

const WIDTHS = [288, 343, 396, 760, 1100];

describe('layoutGraph on the demo-shaped graph (9 systems, 17 tables, 6 entities, 2 agents)', () => {
  const graph = demoGraph();

  it('has the expected shape', () => {
    const count = (t: string) => graph.nodes.filter((n) => n.type === t).length;
    expect([count('source_parent'), count('source'), count('ontology'), count('agent')]).toEqual([9, 17, 6, 2]);
  });

  it.each(WIDTHS)('puts each node type in its own band, top to bottom (width %i)', (width) => {
    const layout = layoutGraph(graph, { width });
    const bandOf: Record<string, Set<number>> = {};
    for (const n of layout.nodes) (bandOf[n.type] ??= new Set()).add(n.y0);
    const ys = (['source_parent', 'source', 'ontology', 'agent'] as const).map((t) => {
      expect(bandOf[t]?.size).toBe(1);
      return [...bandOf[t]!][0]!;
    });
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(new Set(ys).size).toBe(4);
  });

  it.each(WIDTHS)('places no two labels over each other and keeps them inside (width %i)', (width) => {
    const layout = layoutGraph(graph, { width });
    expect(layout.pills).toHaveLength(graph.nodes.length);
    for (let i = 0; i < layout.pills.length; i += 1) {
      const a = layout.pills[i]!;
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (let j = i + 1; j < layout.pills.length; j += 1) {
        const b = layout.pills[j]!;
        expect(rectsOverlap(a, b), `${a.nodeId} overlaps ${b.nodeId}`).toBe(false);
      }
    }
  });

  it('keeps labels clear of the node bars of every band', () => {
    const layout = layoutGraph(graph, { width: 343 });
    for (const p of layout.pills) {
      for (const n of layout.nodes) {
        expect(rectsOverlap(p, { x: n.x0, y: n.y0, width: n.x1 - n.x0, height: n.y1 - n.y0 })).toBe(false);
      }
    }
  });

  it('colours nodes and pills by type and links by kind', () => {
    const layout = layoutGraph(graph, { width: 900 });
    for (const n of layout.nodes) expect(n.color).toBe(NODE_STYLES[n.type].color);
    for (const p of layout.pills) {
      expect(p.stroke).toBe(NODE_STYLES[p.type].color);
      expect(p.fill).toBe(NODE_STYLES[p.type].fill);
    }
    const colours = new Set(Object.values(NODE_STYLES).map((s) => s.color));
    expect(colours.size).toBe(4);
    const hierarchy = layout.links.filter((l) => l.edgeType === 'hierarchy');
    expect(hierarchy).toHaveLength(17);
    expect(new Set(hierarchy.map((l) => l.color))).toEqual(new Set(['#22c55e']));
    const toAgents = layout.links.filter((l) => l.target.startsWith('agent:'));
    expect(toAgents.length).toBeGreaterThan(0);
    expect(toAgents.every((l) => l.color !== '#22c55e')).toBe(true);
  });

  it('labels entities without "(Unified)" and draws agents larger', () => {
    const suffixed = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === 'ontology:account' ? { ...n, label: 'Account (Unified)' } : n)),
    };
    const layout = layoutGraph(suffixed, { width: 900 });
    const entities = layout.pills.filter((p) => p.type === 'ontology');
    expect(entities.map((p) => p.text).sort()).toEqual(
      ['AWS Resources', 'Account', 'Cost Reports', 'Health', 'Opportunity', 'Usage'],
    );
    const agentSize = Math.min(...layout.pills.filter((p) => p.type === 'agent').map((p) => p.fontSize));
    const otherSize = Math.max(...layout.pills.filter((p) => p.type !== 'agent').map((p) => p.fontSize));
    expect(agentSize).toBeGreaterThan(otherSize);
  });

  it('draws every edge as a downward link between its nodes', () => {
    const layout = layoutGraph(graph, { width: 900 });
    expect(layout.links).toHaveLength(graph.edges.length);
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const l of layout.links) {
      const s = byId.get(l.source)!;
      const t = byId.get(l.target)!;
      expect(t.y0).toBeGreaterThan(s.y1);
      expect(l.path.startsWith('M')).toBe(true);
      expect(l.width).toBeGreaterThan(0);
    }
  });

  it('spreads the nodes of a band across the width without overlapping bars', () => {
    const layout = layoutGraph(graph, { width: 1100 });
    const tables = layout.nodes.filter((n) => n.type === 'source').sort((a, b) => a.x0 - b.x0);
    for (let i = 1; i < tables.length; i += 1) expect(tables[i]!.x0).toBeGreaterThanOrEqual(tables[i - 1]!.x1 - 0.5);
    expect(tables[0]!.x0).toBeGreaterThanOrEqual(0);
    expect(tables[tables.length - 1]!.x1).toBeLessThanOrEqual(1100);
  });
});

describe('layoutGraph height', () => {
  it('grows with the number of nodes at the same width', () => {
    const small = layoutGraph(demoGraph({ systems: 2, tablesPerSystem: 1 }), { width: 600 });
    const medium = layoutGraph(demoGraph({ systems: 5 }), { width: 600 });
    const large = layoutGraph(demoGraph(), { width: 600 });
    expect(small.height).toBeGreaterThan(0);
    expect(medium.height).toBeGreaterThan(small.height);
    expect(large.height).toBeGreaterThan(medium.height);
  });

  it('is taller on a narrow screen, where labels need more lanes', () => {
    const narrow = layoutGraph(demoGraph(), { width: 300 });
    const wide = layoutGraph(demoGraph(), { width: 1200 });
    expect(narrow.height).toBeGreaterThan(wide.height);
    expect(Math.max(...narrow.bands.map((b) => b.lanes))).toBeGreaterThan(1);
  });

  it('is zero for an empty graph', () => {
    expect(layoutGraph({ nodes: [], edges: [] }, { width: 500 })).toMatchObject({ height: 0, nodes: [], pills: [] });
  });
});

describe('layoutGraph on irregular graphs', () => {
  it('uses the type when a node has no valid layer, and leaves out upward edges', () => {
    const graph = {
      nodes: [
        { id: 'a', label: 'Agent', type: 'agent', layer: 9 },
        { id: 's', label: 'Sys', type: 'source_parent' },
        { id: 't', label: 'tbl', type: 'source', layer: 1 },
      ],
      edges: [
        { source: 's', target: 't', edge_type: 'hierarchy', value: 2 },
        { source: 'a', target: 's', edge_type: 'dataflow', value: 1 },
      ],
    } as unknown as Graph;
    expect(nodeLayer(graph.nodes[0]!)).toBe(3);
    expect(nodeLayer(graph.nodes[1]!)).toBe(0);
    const layout = layoutGraph(graph, { width: 400 });
    expect(layout.links.map((l) => `${l.source}>${l.target}`)).toEqual(['s>t']);
    const y = Object.fromEntries(layout.nodes.map((n) => [n.id, n.y0]));
    expect(y.s!).toBeLessThan(y.t!);
    expect(y.t!).toBeLessThan(y.a!);
  });

  it('lays out unconnected nodes and layers with gaps (no entity layer)', () => {
    const graph: Graph = {
      nodes: [
        { id: 's', label: 'Sys', type: 'source_parent', layer: 0 },
        { id: 'x', label: 'FinOps Pilot', type: 'agent', layer: 3 },
        { id: 'y', label: 'RevOps Pilot', type: 'agent', layer: 3 },
      ],
      edges: [],
    };
    const layout = layoutGraph(graph, { width: 400 });
    for (const n of layout.nodes) {
      expect(Number.isFinite(n.x0) && Number.isFinite(n.x1) && Number.isFinite(n.y0)).toBe(true);
    }
    expect(layout.nodes.find((n) => n.id === 'x')!.y0).toBeGreaterThan(layout.nodes.find((n) => n.id === 's')!.y0);
    expect(rectsOverlap(layout.pills[1]!, layout.pills[2]!)).toBe(false);
  });

  it('shortens a label longer than the drawing with an ellipsis', () => {
    const long = 'A'.repeat(120);
    const layout = layoutGraph({ nodes: [{ id: 'n', label: long, type: 'source', layer: 1 }], edges: [] }, { width: 300 });
    const pill = layout.pills[0]!;
    expect(pill.text.endsWith('…')).toBe(true);
    expect(pill.fullText).toBe(long);
    expect(pill.x + pill.width).toBeLessThanOrEqual(300);
  });
});
