import { useCallback, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiProvider';
import type { AoaRun, AoaState, Task } from '../api/types';
import { POLL } from './polling';
import { keys, useTask, useTaskEvents } from './queries';
import { computeRunProgress, isTerminal, type RunProgress } from './runProgress';

/**
 * The AOA run to show: the tenant's active run (`active_run` of
 * `/api/v1/aoa/state`, whoever started it), else the run this page just
 * started, else the tenant's last run. Its `task_id` is the `aoa.run` task
 * whose events carry the progress.
 */
export function shownRun(state: Pick<AoaState, 'active_run' | 'last_run'> | undefined, startedTaskId: string | null): {
  taskId: string | null;
  run: AoaRun | null;
} {
  const active = state?.active_run ?? null;
  if (active) return { taskId: active.task_id, run: active };
  const last = state?.last_run ?? null;
  if (startedTaskId) return { taskId: startedTaskId, run: last?.task_id === startedTaskId ? last : null };
  return { taskId: last?.task_id ?? null, run: last };
}

/**
 * The AOA run of the tenant with its task, events, stages and progress.
 * `/api/v1/aoa/state` is read on mount and polled while a run is active
 * (for the stages); when the run ends, the DCL state, findings, agents and
 * review queue are refreshed.
 */
export function useActiveRun() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<string | null>(null);
  const [polling, setPolling] = useState(false);
  const aoaState = useQuery({
    queryKey: keys.aoaState,
    queryFn: () => api.aoaState(),
    staleTime: 0,
    retry: false,
    refetchInterval: polling ? POLL.taskActiveMs : false,
  });
  const { taskId, run } = shownRun(aoaState.data, started);
  const task = useTask(taskId);
  const done = isTerminal(task.data?.status);
  const active = Boolean(taskId) && !done;
  const events = useTaskEvents(taskId, active);

  useEffect(() => setPolling(active), [active]);

  const start = useCallback(
    (created: Task) => {
      queryClient.setQueryData(keys.task(created.id), created);
      setStarted(created.id);
      void queryClient.invalidateQueries({ queryKey: keys.aoaState });
    },
    [queryClient],
  );

  // Once finished: read the last events and stages and refresh what the run changed.
  useEffect(() => {
    if (!taskId || !done) return;
    void queryClient.invalidateQueries({ queryKey: keys.taskEvents(taskId) });
    void queryClient.invalidateQueries({ queryKey: keys.aoaState });
    // A run publishes a version: everything read from the DCL (state, ontology, universe,
    // previews, lineage, review queue) and the agents' findings may have changed.
    void queryClient.invalidateQueries({ queryKey: ['dcl'] });
    void queryClient.invalidateQueries({ queryKey: ['agents'] });
  }, [taskId, done, queryClient]);

  const progress: RunProgress = computeRunProgress(task.data, events.data ?? []);
  return {
    runId: taskId,
    run,
    task: task.data ?? null,
    taskError: task.error,
    events: events.data ?? [],
    progress,
    active,
    start,
  };
}
