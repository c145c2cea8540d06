import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Task } from '../api/types';
import { keys, useTask, useTaskEvents } from './queries';
import { computeRunProgress, isTerminal, type RunProgress } from './runProgress';

const KEY = 'autonomos.active_run';

function readRunId(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/**
 * The AOA run the user started (its task id is kept for the session, so a
 * reload keeps showing its progress), with its task, events and progress.
 * When the run ends, the DCL state, findings and review queue are refreshed.
 */
export function useActiveRun() {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(() => readRunId());
  const task = useTask(runId);
  const done = isTerminal(task.data?.status);
  const events = useTaskEvents(runId, Boolean(runId) && !done);

  const start = useCallback(
    (created: Task) => {
      window.sessionStorage.setItem(KEY, created.id);
      queryClient.setQueryData(keys.task(created.id), created);
      setRunId(created.id);
    },
    [queryClient],
  );

  const dismiss = useCallback(() => {
    window.sessionStorage.removeItem(KEY);
    setRunId(null);
  }, []);

  // Once finished: read the last events and refresh what the run changed.
  useEffect(() => {
    if (!runId || !done) return;
    void queryClient.invalidateQueries({ queryKey: keys.taskEvents(runId) });
    void queryClient.invalidateQueries({ queryKey: keys.dclState });
    void queryClient.invalidateQueries({ queryKey: ['agents'] });
    void queryClient.invalidateQueries({ queryKey: ['dcl', 'mappings'] });
  }, [runId, done, queryClient]);

  const progress: RunProgress = computeRunProgress(task.data, events.data ?? []);
  return {
    runId,
    task: task.data ?? null,
    taskError: task.error,
    events: events.data ?? [],
    progress,
    active: Boolean(runId) && !done,
    start,
    dismiss,
  };
}
