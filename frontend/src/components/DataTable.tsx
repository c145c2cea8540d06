import type { Preview } from '../api/types';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Rows as arrays whatever the preview sent (arrays, or objects keyed by column). */
export function previewRows(preview: Preview): unknown[][] {
  return preview.rows.map((row) =>
    Array.isArray(row) ? row : preview.columns.map((c) => (row as Record<string, unknown>)[c]),
  );
}

/** A scrollable table of a view's preview (`{columns, rows}`). */
export function DataTable({ preview, caption }: { preview: Preview; caption: string }) {
  const rows = previewRows(preview);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table" data-testid="preview-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {preview.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((v, j) => (
                <td key={j}>{cell(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">The view has no rows.</p>}
    </div>
  );
}
