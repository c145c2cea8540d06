import { useLineage } from '../hooks/queries';
import { ErrorNotice, Loading } from './ErrorNotice';
import { toPercent } from './format';

export interface LineageColumn {
  system: string;
  table: string;
  column: string;
  confidence: number | null;
  transform: string | null;
}

export interface LineageEntry {
  key: string;
  field: string;
  type: string | null;
  columns: LineageColumn[];
  agents: string[];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v == null ? '' : String(v);
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];
}

/**
 * The lineage answer in one shape. The contract says "matching unified fields
 * with their source columns and consuming agents" without field names, so
 * this reads a list (bare, or under `items` / `matches` / `fields` /
 * `results`) of objects naming the field (`field` as "entity.field", or
 * `entity` + `field`/`name`), the columns (`source_columns` / `sources` /
 * `columns`) and the agents (`agents` / `consumers`, ids or objects).
 */
export function normaliseLineage(data: unknown): LineageEntry[] {
  const list = Array.isArray(data)
    ? records(data)
    : records(
        ['items', 'matches', 'fields', 'results', 'lineage']
          .map((k) => (data as Record<string, unknown> | null)?.[k])
          .find(Array.isArray),
      );
  return list.map((item, i) => {
    const entity = str(item.entity);
    const name = str(item.unified_field ?? item.field ?? item.name ?? item.ontology_field);
    const field = entity && name && !name.includes('.') ? `${entity}.${name}` : name || entity || '?';
    const columns = records(item.source_columns ?? item.sources ?? item.columns).map((c) => ({
      system: str(c.source_system ?? c.system ?? c.source ?? c.source_key),
      table: str(c.source_table ?? c.table),
      column: str(c.source_column ?? c.column ?? c.source_field ?? c.name),
      confidence: typeof c.confidence === 'number' ? c.confidence : null,
      transform: c.transform ? str(c.transform) : null,
    }));
    const agents = (Array.isArray(item.agents ?? item.consumers) ? ((item.agents ?? item.consumers) as unknown[]) : []).map(
      (a) => (a && typeof a === 'object' ? str((a as Record<string, unknown>).name ?? (a as Record<string, unknown>).id) : str(a)),
    );
    return { key: `${field}#${i}`, field, type: item.type ? str(item.type) : null, columns, agents };
  });
}

/** Where a unified field comes from (source columns) and who reads it (agents). */
export function LineageView({ query }: { query: string }) {
  const lineage = useLineage(query);
  if (!query.trim()) return null;
  if (lineage.isPending) return <Loading label="Tracing lineage…" />;
  if (lineage.error) return <ErrorNotice error={lineage.error} />;
  const entries = normaliseLineage(lineage.data);
  if (entries.length === 0) return <p className="muted">No unified field matches “{query}”.</p>;
  return (
    <ol className="lineage" data-testid="lineage-view">
      {entries.map((e) => (
        <li key={e.key} className="lineage__entry" data-testid="lineage-entry">
          <p className="lineage__field">
            <strong>{e.field}</strong> {e.type && <span className="muted">({e.type})</span>}
          </p>
          <div className="lineage__flow">
            <ul className="lineage__columns" aria-label="Source columns">
              {e.columns.length === 0 && <li className="muted">No mapped source column.</li>}
              {e.columns.map((c, i) => {
                const pct = toPercent(c.confidence);
                return (
                  <li key={i}>
                    <span className="tag tag--source">{c.system || 'source'}</span> {c.table}
                    {c.table && '.'}
                    {c.column}
                    {pct !== null && <span className="muted"> · {Math.round(pct)} %</span>}
                    {c.transform && <span className="muted"> · {c.transform}</span>}
                  </li>
                );
              })}
            </ul>
            <span className="lineage__arrow" aria-hidden="true">
              →
            </span>
            <ul className="lineage__agents" aria-label="Consuming agents">
              {e.agents.length === 0 && <li className="muted">No agent reads it.</li>}
              {e.agents.map((a) => (
                <li key={a}>
                  <span className="tag tag--agent">{a}</span>
                </li>
              ))}
            </ul>
          </div>
        </li>
      ))}
    </ol>
  );
}
