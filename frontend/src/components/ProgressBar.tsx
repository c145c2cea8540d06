import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { elapsedSeconds, formatElapsed, type RunProgress } from '../hooks/runProgress';
import type { Agent, AoaStage, Task } from '../api/types';

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

/** "connect" → "Connect & publish", "agent:finops_pilot" → the agent's name. */
export function stageLabel(name: string, agents: readonly Pick<Agent, 'id' | 'name'>[]): string {
  if (name === 'connect') return 'Connect, map & publish';
  if (name.startsWith('agent:')) {
    const id = name.slice('agent:'.length);
    return agents.find((a) => a.id === id)?.name ?? id;
  }
  return name;
}

export interface RunProgressBarProps {
  /** The `aoa.run` task's id. */
  runId: string;
  task: Task | null;
  progress: RunProgress;
  /** The run's steps, each a task of its own (from `/api/v1/aoa/state`). */
  stages?: readonly AoaStage[];
  agents?: readonly Pick<Agent, 'id' | 'name'>[];
}

/** A run's progress bar with its stage, last event, elapsed time and the tasks of its steps. */
export function RunProgressBar({ runId, task, progress, stages = [], agents = [] }: RunProgressBarProps) {
  const now = useNow(!progress.done);
  const seconds = elapsedSeconds(task?.started_at ?? task?.created_at, task?.finished_at, now);
  const pct = Math.round(progress.fraction * 100);
  const status = progress.status ?? 'queued';
  return (
    <div className={`run-progress run-progress--${status}`} data-testid="run-progress" data-run-id={runId}>
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
      <ol className="run-stages" aria-label="Steps of the run">
        <li>
          <Link to={`/tasks/${runId}`} className="run-stage" data-testid="run-task-link">
            Run task
          </Link>
        </li>
        {stages.map((stage) => {
          const label = stageLabel(stage.name, agents);
          return (
            <li key={stage.name} data-testid="run-stage" data-stage={stage.name} data-status={stage.status}>
              {stage.task_id ? (
                <Link to={`/tasks/${stage.task_id}`} className={`run-stage run-stage--${stage.status}`} title={stage.error ?? undefined}>
                  {label} <span className="sr-only">({stage.status})</span>
                </Link>
              ) : (
                <span className={`run-stage run-stage--${stage.status}`}>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
