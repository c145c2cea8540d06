import { formatNumber, toPercent } from '../format';

export interface Retrieval {
  key: string;
  from: string;
  to: string;
  similarity: number | null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function retrievalList(memory: Record<string, unknown>): unknown[] | undefined {
  for (const key of ['retrievals', 'recent_retrievals', 'recent_hits', 'recent', 'hits', 'items']) {
    const v = memory[key];
    if (Array.isArray(v)) return v;
  }
  // Any list of objects that carry a similarity.
  return Object.values(memory).find(
    (v): v is unknown[] => Array.isArray(v) && v.some((x) => isRecord(x) && ('similarity' in x || 'score' in x)),
  );
}

/**
 * Retrievals from the state's `memory` (the contract leaves `memory: {...}`
 * open). An item may be flat (`source_table`, `source_column` or
 * `source_field`, `ontology_field` or `entity` + `field`, `similarity`) or a
 * memory hit `{entry: {...}, similarity}`.
 */
export function toRetrievals(memory: Record<string, unknown>): Retrieval[] {
  const list = retrievalList(memory);
  if (!list) return [];
  return list.slice(0, 30).map((item, i) => {
    const outer = isRecord(item) ? item : {};
    const r: Record<string, unknown> = isRecord(outer.entry) ? { ...outer.entry, ...outer } : outer;
    const table = str(r.source_table);
    const column = str(r.source_field ?? r.source_column ?? r.column ?? r.source);
    const entityField = r.entity && r.field ? `${str(r.entity)}.${str(r.field)}` : '';
    return {
      key: str(r.id) || `r${i}`,
      from: table && column && !column.includes('.') ? `${table}.${column}` : column || table || '?',
      to: str(r.ontology_field ?? r.target ?? r.mapped_to) || entityField || str(r.field) || '?',
      similarity: typeof r.similarity === 'number' ? r.similarity : typeof r.score === 'number' ? r.score : null,
    };
  });
}

const LABELS: Record<string, string> = {
  entries: 'Remembered mappings',
  size: 'Remembered mappings',
  total: 'Remembered mappings',
  retrievals: 'Retrievals',
  retrievals_total: 'Retrievals',
  retrieval_count: 'Retrievals',
  hits: 'Hits',
  misses: 'Misses',
  llm_calls_saved: 'LLM calls saved',
};

function humanise(key: string): string {
  return LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Numeric totals of the memory (every number it reports), LLM calls saved first. */
export function memoryTotals(memory: Record<string, unknown>): { key: string; label: string; value: number }[] {
  return Object.entries(memory)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    .sort(([a], [b]) => (a === 'llm_calls_saved' ? -1 : b === 'llm_calls_saved' ? 1 : 0))
    .map(([key, value]) => ({ key, label: humanise(key), value }));
}

export function MemoryPanel({ memory, llm }: { memory: Record<string, unknown>; llm: { calls: number; tokens: number } | undefined }) {
  const retrievals = toRetrievals(memory ?? {});
  const totals = memoryTotals(memory ?? {});
  return (
    <section className="panel" aria-labelledby="memory-title" data-testid="memory-panel">
      <h3 id="memory-title" className="panel__title">
        Mapping memory
      </h3>
      <dl className="stats">
        {totals.map((t) => (
          <div key={t.key} className={`stat${t.key === 'llm_calls_saved' ? ' stat--highlight' : ''}`} data-testid={`memory-${t.key}`}>
            <dt>{t.label}</dt>
            <dd>{formatNumber(t.value)}</dd>
          </div>
        ))}
        {llm && (
          <>
            <div className="stat" data-testid="llm-calls">
              <dt>LLM calls</dt>
              <dd>{formatNumber(llm.calls)}</dd>
            </div>
            <div className="stat">
              <dt>LLM tokens</dt>
              <dd>{formatNumber(llm.tokens)}</dd>
            </div>
          </>
        )}
      </dl>
      {retrievals.length === 0 ? (
        <p className="muted">No memory retrievals yet: approved mappings are reused on the next run.</p>
      ) : (
        <ul className="retrievals">
          {retrievals.map((r) => {
            const pct = toPercent(r.similarity);
            return (
              <li key={r.key} className="retrieval" data-testid="memory-retrieval">
                <span className="retrieval__text">
                  {r.from} → <strong>{r.to}</strong>
                </span>
                <span className="bar" role="meter" aria-label="Similarity" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? 0}>
                  <span className="bar__fill" style={{ width: `${pct ?? 0}%` }} />
                </span>
                <span className="retrieval__pct">{pct === null ? '—' : `${Math.round(pct)} %`}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
