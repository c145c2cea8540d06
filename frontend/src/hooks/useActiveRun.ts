import { useCallback, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider';
import type { Task } from '../api/types';
import { keys, useTask, useTaskEvents } from './queries';
import { computeRunProgress, isTerminal, type RunProgress } from './runProgress';

const KEY = 'autonomos.active_run';

/**
 * The id of the active run in a `GET /api/v1/aoa/state` answer. The contract
 * says "the DCL state plus the active run" without naming the field: this
 * reads `active_run` (or `run`) as a task, or `active_run_id`.
 */
export function activeRunId(state: Record<string, unknown> | null | undefined): string | null {
  if (!state) return null;
  for (const key of ['active_run', 'run']) {
    const run = state[key];
    if (run && typeof run === 'object') {
      const id = (run as { id?: unknown; task_id?: unknown }).id ?? (run as { task_id?: unknown }).task_id;
      if (typeof id === 'string' && id) return id;
    }
  }
  return typeof state.active_run_id === 'string' && state.active_run_id ? state.active_run_id : null;
}

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
  const api = useApi();
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(() => readRunId());
  // A run started elsewhere (another tab, another user of the tenant) is picked up once.
  const aoaState = useQuery({
    queryKey: ['aoa', 'state'],
    queryFn: () => api.aoaState(),
    enabled: runId === null,
    staleTime: Infinity,
    retry: false,
  });
  const remoteRun = activeRunId(aoaState.data);
  useEffect(() => {
    if (runId === null && remoteRun) setRunId(remoteRun);
  }, [runId, remoteRun]);
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
