import { useAgents, useLineage } from '../hooks/queries';
import { ErrorNotice, Loading } from './ErrorNotice';
import { toPercent } from './format';

/** Where a unified field comes from (source columns) and who reads it (agents). */
export function LineageView({ query }: { query: string }) {
  const lineage = useLineage(query);
  const agents = useAgents();
  const agentName = (id: string) => agents.data?.find((a) => a.id === id)?.name ?? id;
  if (!query.trim()) return null;
  if (lineage.isPending) return <Loading label="Tracing lineage…" />;
  if (lineage.error) return <ErrorNotice error={lineage.error} />;
  const entries = lineage.data?.items ?? [];
  if (entries.length === 0) return <p className="muted">No unified field matches “{query}”.</p>;
  return (
    <ol className="lineage" data-testid="lineage-view">
      {entries.map((e) => (
        <li key={e.unified_field} className="lineage__entry" data-testid="lineage-entry">
          <p className="lineage__field">
            <strong>{e.unified_field}</strong> {e.type && <span className="muted">({e.type})</span>}
          </p>
          <div className="lineage__flow">
            <ul className="lineage__columns" aria-label="Source columns">
              {e.sources.length === 0 && <li className="muted">No mapped source column.</li>}
              {e.sources.map((c) => {
                const pct = toPercent(c.confidence);
                return (
                  <li key={`${c.source_key}.${c.table}.${c.column}`}>
                    <span className="tag tag--source">{c.system}</span> {c.table}.{c.column}
                    {pct !== null && <span className="muted"> · {Math.round(pct)} % {c.method}</span>}
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
                  <span className="tag tag--agent">{agentName(a)}</span>
                </li>
              ))}
            </ul>
          </div>
        </li>
      ))}
    </ol>
  );
}
