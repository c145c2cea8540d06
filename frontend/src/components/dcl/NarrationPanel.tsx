import { formatTime } from '../format';

export interface NarrationLine {
  key: string;
  at: string | null;
  kind: string | null;
  message: string;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/**
 * Narration lines from the state's `events` (shape not fixed by the
 * contract: strings, or objects with `message`/`text` and `at`/`ts` and
 * `kind`/`level`/`stage`), newest first.
 */
export function toNarration(events: readonly unknown[], max = 60): NarrationLine[] {
  const lines = events.map((event, i): NarrationLine => {
    if (typeof event === 'string') return { key: `e${i}`, at: null, kind: null, message: event };
    const e = (event ?? {}) as Record<string, unknown>;
    const message = str(e.message) ?? str(e.text) ?? str(e.msg) ?? JSON.stringify(event);
    return {
      key: String(e.seq ?? e.id ?? `e${i}`),
      at: str(e.at) ?? str(e.ts) ?? str(e.time) ?? str(e.timestamp),
      kind: str(e.kind) ?? str(e.level) ?? str(e.stage) ?? str(e.type),
      message,
    };
  });
  return lines.slice(-max).reverse();
}

export function NarrationPanel({ events }: { events: readonly unknown[] }) {
  const lines = toNarration(events);
  return (
    <section className="panel" aria-labelledby="narration-title" data-testid="narration-panel">
      <h3 id="narration-title" className="panel__title">
        Narration
      </h3>
      {lines.length === 0 ? (
        <p className="muted">Nothing yet. Run AOA to watch the DCL work.</p>
      ) : (
        <ol className="narration" aria-live="polite">
          {lines.map((line) => (
            <li key={line.key} className="narration__line" data-testid="narration-line">
              {line.at && <time className="narration__time">{formatTime(line.at)}</time>}
              {line.kind && <span className={`tag tag--${line.kind.replace(/[^a-z0-9_-]/gi, '')}`}>{line.kind}</span>}
              <span className="narration__msg">{line.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
