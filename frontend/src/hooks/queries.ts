import { useInfiniteQuery, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useAuth } from '../api/ApiProvider';
import type { TaskListQuery } from '../api/endpoints';
import type { Agent, DclState, MappingStatus, Task, TaskEvent } from '../api/types';
import { POLL } from './polling';
import { isTerminal } from './runProgress';

/** Query keys, in one place so mutations can invalidate exactly what they change. */
export const keys = {
  me: ['me'] as const,
  sources: ['dcl', 'sources'] as const,
  dclState: ['dcl', 'state'] as const,
  ontology: ['dcl', 'ontology'] as const,
  universe: ['dcl', 'universe'] as const,
  mappings: (status: MappingStatus) => ['dcl', 'mappings', status] as const,
  lineage: (q: string) => ['dcl', 'lineage', q] as const,
  preview: (view: string) => ['dcl', 'preview', view] as const,
  agents: ['agents'] as const,
  findings: (agentId: string) => ['agents', agentId, 'findings'] as const,
  tasks: (filter: Omit<TaskListQuery, 'cursor'>) => ['tasks', 'list', filter] as const,
  task: (id: string) => ['tasks', id] as const,
  taskEvents: (id: string) => ['tasks', id, 'events'] as const,
  taskDeliveries: (id: string) => ['tasks', id, 'deliveries'] as const,
  users: ['users'] as const,
  tenantSettings: ['tenant', 'settings'] as const,
  aoaState: ['aoa', 'state'] as const,
};

export function useMe() {
  const api = useApi();
  const { token } = useAuth();
  return useQuery({ queryKey: keys.me, queryFn: () => api.me(), enabled: Boolean(token), staleTime: 60_000 });
}

export function useSources() {
  const api = useApi();
  return useQuery({ queryKey: keys.sources, queryFn: () => api.sources(), staleTime: 60_000 });
}

export function useAgents() {
  const api = useApi();
  return useQuery({ queryKey: keys.agents, queryFn: () => api.agents(), staleTime: 60_000 });
}

/**
 * The DCL state, polled with If-None-Match: a 304 gives back the very same
 * object, so nothing re-renders when nothing changed. Polls faster while a
 * run is active.
 */
export function useDclState(options: { active?: boolean } = {}) {
  const api = useApi();
  return useQuery<DclState>({
    queryKey: keys.dclState,
    queryFn: async () => (await api.dclState()).data,
    refetchInterval: options.active ? POLL.dclStateActiveMs : POLL.dclStateIdleMs,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

/** One task, polled while it is not finished. */
export function useTask(id: string | null | undefined) {
  const api = useApi();
  return useQuery<Task>({
    queryKey: keys.task(id ?? ''),
    queryFn: () => api.task(id ?? ''),
    enabled: Boolean(id),
    staleTime: 0,
    refetchInterval: (query) => (isTerminal(query.state.data?.status) ? false : POLL.taskActiveMs),
  });
}

/** Merges newly read events into the known ones (by `seq`), in order. */
export function mergeEvents(known: readonly TaskEvent[], fresh: readonly TaskEvent[]): TaskEvent[] {
  const bySeq = new Map(known.map((e) => [e.seq, e]));
  for (const e of fresh) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * A task's events, read incrementally with `?after=<last seq>` while `live`;
 * when no new event came, the previous array is returned unchanged.
 */
export function useTaskEvents(id: string | null | undefined, live: boolean) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = keys.taskEvents(id ?? '');
  return useQuery<TaskEvent[]>({
    queryKey: key,
    enabled: Boolean(id),
    staleTime: 0,
    queryFn: async () => {
      const known = queryClient.getQueryData<TaskEvent[]>(key) ?? [];
      const after = known.length ? known[known.length - 1]?.seq : undefined;
      const fresh = await api.taskEvents(id ?? '', after);
      return fresh.length ? mergeEvents(known, fresh) : known;
    },
    refetchInterval: live ? POLL.taskActiveMs : false,
  });
}

export function useTaskDeliveries(id: string | null | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: keys.taskDeliveries(id ?? ''),
    queryFn: () => api.taskDeliveries(id ?? ''),
    enabled: Boolean(id),
  });
}

/** The task list with a status / type filter, a page at a time (cursor pagination). */
export function useTaskList(filter: Omit<TaskListQuery, 'cursor'>) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: keys.tasks(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.tasks({ ...filter, cursor: pageParam }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: POLL.calmMs,
  });
}

/** Findings of every given agent, each list polled calmly. */
export function useFindings(agents: readonly Pick<Agent, 'id'>[], options: { fast?: boolean } = {}) {
  const api = useApi();
  return useQueries({
    queries: agents.map((agent) => ({
      queryKey: keys.findings(agent.id),
      queryFn: () => api.findings(agent.id),
      refetchInterval: options.fast ? POLL.dclStateIdleMs : POLL.calmMs,
    })),
  });
}

export function useMappings(status: MappingStatus) {
  const api = useApi();
  return useQuery({
    queryKey: keys.mappings(status),
    queryFn: () => api.mappings(status),
    refetchInterval: POLL.calmMs,
  });
}

export function useOntology() {
  const api = useApi();
  // Read again on every visit: a publish (here or by anyone in the tenant) changes it.
  return useQuery({ queryKey: keys.ontology, queryFn: () => api.ontology(), staleTime: 0 });
}

export function useUniverse() {
  const api = useApi();
  return useQuery({ queryKey: keys.universe, queryFn: () => api.universe(), staleTime: 0 });
}

export function useLineage(q: string) {
  const api = useApi();
  return useQuery({ queryKey: keys.lineage(q), queryFn: () => api.lineage(q), enabled: q.trim().length > 0 });
}

export function usePreview(view: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: keys.preview(view ?? ''),
    queryFn: () => api.preview(view ?? ''),
    enabled: Boolean(view),
  });
}

export function useUsers(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: keys.users, queryFn: () => api.users(), enabled });
}

export function useTenantSettings(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: keys.tenantSettings, queryFn: () => api.tenantSettings(), enabled, retry: false });
}
