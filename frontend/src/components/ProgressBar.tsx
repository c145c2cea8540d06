import { useEffect, useState } from 'react';
import { elapsedSeconds, formatElapsed, type RunProgress } from '../hooks/runProgress';
import type { Task } from '../api/types';

/** Seconds elapsed, ticking once a second while `running`. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  return now;
}

const STATUS_TEXT: Record<string, string> = {
  queued: 'Queued',
  in_progress: 'Running',
  success: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** A run's progress bar with its stage, last narration line and elapsed time. */
export function RunProgressBar({ task, progress }: { task: Task | null; progress: RunProgress }) {
  const now = useNow(!progress.done);
  const seconds = elapsedSeconds(task?.started_at ?? task?.created_at, task?.finished_at, now);
  const pct = Math.round(progress.fraction * 100);
  const status = progress.status ?? 'queued';
  return (
    <div className={`run-progress run-progress--${status}`} data-testid="run-progress">
      <div className="run-progress__head">
        <span className="run-progress__status" data-testid="run-status">
          {STATUS_TEXT[status] ?? status}
          {progress.stage && !progress.done ? ` · ${progress.stage}` : ''}
        </span>
        <span className="run-progress__elapsed" data-testid="run-elapsed" aria-label={`Elapsed ${seconds} seconds`}>
          {formatElapsed(seconds)}
        </span>
      </div>
      <div
        className="run-progress__track"
        role="progressbar"
        aria-label="AOA run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div className="run-progress__fill" style={{ width: `${pct}%` }} />
      </div>
      {progress.lastMessage && <p className="run-progress__message">{progress.lastMessage}</p>}
    </div>
  );
}
