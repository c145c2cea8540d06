import type { Column, GraphEdge, GraphNode, Source } from '../api/types';

/**
 * Texts of the graph's edge tooltips: a system → table edge lists the table's
 * fields; a table → entity edge lists its field mappings with confidences; an
 * entity → agent edge says what the agent consumes.
 */

export interface Tooltip {
  title: string;
  lines: string[];
}

const MAX_LINES = 14;

/** "92 %" for 0.92 (and for 92); "—" when unknown. */
export function formatConfidence(confidence: unknown): string {
  if (typeof confidence !== 'number' || !Number.isFinite(confidence)) return '—';
  const pct = confidence <= 1 ? confidence * 100 : confidence;
  return `${Math.round(pct)} %`;
}

function columnNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((c: unknown) => {
      if (typeof c === 'string') return c;
      if (c && typeof c === 'object' && typeof (c as Column).name === 'string') {
        const col = c as Column;
        return col.type ? `${col.name} (${col.type})` : col.name;
      }
      return '';
    })
    .filter(Boolean);
}

/**
 * The fields of a table node: from the node itself (`fields` or `columns`,
 * not named by the contract) or else from the sources catalog, matching the
 * table by name under the node's system.
 */
export function tableFields(table: GraphNode, system: GraphNode | undefined, catalog: readonly Source[]): string[] {
  const own = columnNames(table.fields ?? table.columns);
  if (own.length) return own;
  const tableName = String(table.table ?? table.label ?? '').toLowerCase();
  const systemKeys = [system?.source_key, system?.key, system?.label, system?.id, table.source_key, table.system]
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.toLowerCase());
  const candidates = catalog.filter(
    (s) => systemKeys.length === 0 || systemKeys.some((k) => k === s.key.toLowerCase() || k === s.name.toLowerCase() || k.endsWith(`:${s.key.toLowerCase()}`)),
  );
  for (const source of candidates.length ? candidates : catalog) {
    const match = source.tables.find((t) => t.name.toLowerCase() === tableName);
    if (match) return columnNames(match.columns);
  }
  return [];
}

function capped(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`];
}

export function edgeTooltip(
  edge: GraphEdge,
  nodeById: ReadonlyMap<string, GraphNode>,
  catalog: readonly Source[] = [],
): Tooltip {
  const source = nodeById.get(edge.source);
  const target = nodeById.get(edge.target);
  const from = String(source?.label ?? edge.source);
  const to = String(target?.label ?? edge.target).replace(/\s*\(unified\)\s*$/i, '');
  const title = `${from} → ${to}`;
  if (edge.edge_type === 'hierarchy') {
    const fields = target ? tableFields(target, source, catalog) : [];
    return { title, lines: capped(fields.length ? fields : ['(no fields known)']) };
  }
  const mappings = Array.isArray(edge.field_mappings) ? edge.field_mappings : [];
  if (mappings.length) {
    const lines = [...mappings]
      .sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0))
      .map((m) => `${m.source_field} → ${m.ontology_field}  ${formatConfidence(m.confidence)}${m.method ? ` · ${m.method}` : ''}`);
    return { title, lines: capped(lines) };
  }
  if (target?.type === 'agent') return { title, lines: [`${to} consumes ${from.replace(/\s*\(unified\)\s*$/i, '')}`] };
  return { title, lines: [`${edge.value} field${edge.value === 1 ? '' : 's'}`] };
}
