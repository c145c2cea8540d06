import type { GraphNode } from '../api/types';
import { pillText } from './nodeStyle';

/** The slug the DCL publisher uses in table names (lower-case `[a-z0-9_]`, at most 40 characters). */
export function slug(text: string): string {
  const out = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return out.slice(0, 40) || 'x';
}

/**
 * The view to preview for a graph node (`GET /api/v1/dcl/preview?view=`).
 * The contract does not say how a node names its view: a `view` (or
 * `view_name`) field on the node wins; else an entity previews its unified
 * table by entity name (`entity` field, else the label), a table previews
 * `src_<source key>__<table>` (the publisher's naming), and a source system
 * or an agent has nothing to preview (null).
 */
export function previewViewName(node: GraphNode): string | null {
  for (const key of ['view', 'view_name'] as const) {
    const v = node[key];
    if (typeof v === 'string' && v) return v;
  }
  if (node.type === 'agent' || node.type === 'source_parent') return null;
  if (node.type === 'ontology') {
    const entity = node.entity ?? node.name;
    if (typeof entity === 'string' && entity) return entity;
    return pillText(node.label, 'ontology');
  }
  const key = node.source_key;
  const table = node.table ?? node.label;
  if (typeof key === 'string' && key && typeof table === 'string' && table) return `src_${slug(key)}__${slug(table)}`;
  return node.id;
}
