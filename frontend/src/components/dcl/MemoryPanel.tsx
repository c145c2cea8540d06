import type { MemoryStats } from '../../api/types';
import { formatNumber, toPercent } from '../format';

/** The counters shown, in this order; a counter the state does not carry yet is left out. */
const TOTALS: readonly { key: keyof MemoryStats; label: string }[] = [
  { key: 'llm_calls_saved', label: 'LLM calls saved' },
  { key: 'entries', label: 'Remembered mappings' },
  { key: 'hits', label: 'Hits' },
  { key: 'retrievals', label: 'Retrievals' },
];

/** The memory's counters present in the state (before the first run only `entries`). */
export function memoryTotals(memory: MemoryStats): { key: string; label: string; value: number }[] {
  return TOTALS.flatMap(({ key, label }) => {
    const value = memory[key];
    return typeof value === 'number' && Number.isFinite(value) ? [{ key, label, value }] : [];
  });
}

/**
 * The mapping memory: how many approved mappings it holds, how often the last
 * run looked it up (retrievals) and settled a column from it (hits), the LLM
 * calls that saved, and the last run's retrievals with their similarity.
 */
export function MemoryPanel({ memory, llm }: { memory: MemoryStats; llm: { calls: number; tokens: number } | undefined }) {
  const recent = (memory.recent ?? []).slice(0, 30);
  return (
    <section className="panel" aria-labelledby="memory-title" data-testid="memory-panel">
      <h3 id="memory-title" className="panel__title">
        Mapping memory
      </h3>
      <dl className="stats">
        {memoryTotals(memory).map((t) => (
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
      {recent.length === 0 ? (
        <p className="muted">No memory retrievals yet: approved mappings are reused on the next run.</p>
      ) : (
        <ul className="retrievals">
          {recent.map((r, i) => {
            const pct = toPercent(r.similarity) ?? 0;
            return (
              <li key={`${r.source}>${r.target}#${i}`} className="retrieval" data-testid="memory-retrieval">
                <span className="retrieval__text">
                  {r.source} → <strong>{r.target}</strong>
                </span>
                <span className="bar" role="meter" aria-label="Similarity" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
                  <span className="bar__fill" style={{ width: `${pct}%` }} />
                </span>
                <span className="retrieval__pct">{Math.round(pct)} %</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
