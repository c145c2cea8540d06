import type { DclEvent } from '../../api/types';
import { formatTime } from '../format';

export interface NarrationLine {
  key: string;
  at: string;
  message: string;
}

/** The state's narration (`events: [{at, message}]`, oldest first), newest first, at most `max` lines. */
export function toNarration(events: readonly DclEvent[], max = 60): NarrationLine[] {
  return events
    .map((e, i) => ({ key: `${i}:${e.at}`, at: e.at, message: e.message }))
    .slice(-max)
    .reverse();
}

export function NarrationPanel({ events }: { events: readonly DclEvent[] }) {
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
              <time className="narration__time" dateTime={line.at}>
                {formatTime(line.at)}
              </time>
              <span className="narration__msg">{line.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
