import type { Evidence } from '../api/types';

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function humanise(key: string): string {
  return key.replace(/_/g, ' ').replace(/\bpct\b/, '%');
}

export function formatScalar(value: Scalar): string {
  if (value === null) return '—';
  if (typeof value === 'number') return value.toLocaleString(undefined, { maximumFractionDigits: 2 });
  return String(value);
}

/** A list of records as a small table: the union of their scalar columns, first-seen order. */
function RecordTable({ rows, caption, max = 12 }: { rows: readonly Record<string, unknown>[]; caption: string; max?: number }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => isScalar(r[k]))))];
  if (columns.length === 0) return null;
  const shown = rows.slice(0, max);
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table data-table--compact">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {humanise(c.replace(/^_/, ''))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{isScalar(row[c]) ? formatScalar(row[c] as Scalar) : ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && <p className="muted">…and {rows.length - shown.length} more.</p>}
    </div>
  );
}

/**
 * What a finding rests on (`evidence` of the findings API): its figures
 * (`metrics`, scalars as a list and lists of records as tables), the source
 * columns the agent read (system · table.column → entity.field) and the rows,
 * each with the source system, table and row number it came from.
 */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  const metrics = isRecord(evidence.metrics) ? evidence.metrics : {};
  const scalars = Object.entries(metrics).filter((e): e is [string, Scalar] => isScalar(e[1]));
  const tables = Object.entries(metrics).filter(
    (e): e is [string, Record<string, unknown>[]] => Array.isArray(e[1]) && e[1].length > 0 && e[1].every(isRecord),
  );
  const columns = (evidence.source_columns ?? []).filter(isRecord);
  const rows = (evidence.rows ?? []).filter(isRecord);
  return (
    <div className="evidence" data-testid="evidence">
      {scalars.length > 0 && (
        <dl className="evidence__metrics">
          {scalars.map(([k, v]) => (
            <div key={k}>
              <dt>{humanise(k)}</dt>
              <dd>{formatScalar(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {tables.map(([k, list]) => (
        <RecordTable key={k} rows={list} caption={humanise(k)} />
      ))}
      {columns.length > 0 && (
        <>
          <h4 className="evidence__title">Source columns</h4>
          <ul className="evidence__columns">
            {columns.map((c, i) => (
              <li key={i}>
                <span className="tag tag--source">{String(c.system ?? '')}</span> {String(c.table ?? '')}.{String(c.column ?? '')} →{' '}
                <strong>
                  {String(c.entity ?? '')}.{String(c.field ?? '')}
                </strong>
              </li>
            ))}
          </ul>
        </>
      )}
      {rows.length > 0 && (
        <>
          <h4 className="evidence__title">Rows ({rows.length})</h4>
          <RecordTable rows={rows} caption="Evidence rows" max={10} />
        </>
      )}
    </div>
  );
}
