import type { EdgeType, NodeType } from '../api/types';

/**
 * Colours, label text and type sizes for the DCL graph, by node type:
 * green for source systems and their tables, blue for unified entities,
 * purple (and larger) for agents.
 */

export interface PillStyle {
  /** Colour of the node bar and the pill's border. */
  color: string;
  fill: string;
  text: string;
  fontSize: number;
  fontWeight: number;
  height: number;
}

export const NODE_STYLES: Readonly<Record<NodeType, PillStyle>> = {
  source_parent: { color: '#22c55e', fill: '#0b3b24', text: '#dcfce7', fontSize: 12, fontWeight: 700, height: 24 },
  source: { color: '#4ade80', fill: '#0f2e20', text: '#bbf7d0', fontSize: 11, fontWeight: 500, height: 22 },
  ontology: { color: '#3b82f6', fill: '#10244d', text: '#dbeafe', fontSize: 12, fontWeight: 600, height: 24 },
  agent: { color: '#a855f7', fill: '#2e1250', text: '#f3e8ff', fontSize: 14, fontWeight: 700, height: 30 },
};

/** Links from systems to their tables are green; data flows take the colour of where they go. */
export function linkColor(edgeType: EdgeType, targetType: NodeType): string {
  if (edgeType === 'hierarchy') return '#22c55e';
  if (targetType === 'agent') return '#c084fc';
  if (targetType === 'ontology') return '#38bdf8';
  return '#2dd4bf';
}

/** The fixed layer of each node type (API.md: layers 0–3). */
export const LAYER_BY_TYPE: Readonly<Record<NodeType, 0 | 1 | 2 | 3>> = {
  source_parent: 0,
  source: 1,
  ontology: 2,
  agent: 3,
};

const NODE_TYPES = new Set<string>(Object.keys(LAYER_BY_TYPE));

export function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && NODE_TYPES.has(value);
}

/** The text of a node's pill: entities lose their " (Unified)" suffix. */
export function pillText(label: string, type: NodeType): string {
  const text = label.trim() || '—';
  if (type !== 'ontology') return text;
  return text.replace(/\s*\(unified\)\s*$/i, '').trim() || text;
}
