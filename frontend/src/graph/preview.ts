import type { GraphNode } from '../api/types';
import { pillText } from './nodeStyle';

/**
 * The view to preview for a graph node (`GET /api/v1/dcl/preview?view=`).
 * The contract does not say how a node names its view: a `view` (or
 * `view_name`) field on the node wins; else an entity previews its unified
 * view by entity name, and any other node by its id.
 */
export function previewViewName(node: GraphNode): string | null {
  for (const key of ['view', 'view_name'] as const) {
    const v = node[key];
    if (typeof v === 'string' && v) return v;
  }
  if (node.type === 'agent') return null;
  if (node.type === 'ontology') {
    const entity = node.entity ?? node.name;
    if (typeof entity === 'string' && entity) return entity;
    return pillText(node.label, 'ontology');
  }
  return node.id;
}
