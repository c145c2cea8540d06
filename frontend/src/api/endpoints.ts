import type { ApiClient, ConditionalResult } from './client';
import type {
  Agent,
  AoaState,
  DclState,
  Delivery,
  FindingAction,
  FindingPage,
  LineageAnswer,
  LoginResponse,
  Mapping,
  MappingStatus,
  Me,
  Ontology,
  Page,
  Preview,
  RegisterBody,
  RegisterResponse,
  Role,
  Source,
  Task,
  TaskEvent,
  TaskStatus,
  TenantSettings,
  TenantSettingsUpdate,
  Universe,
  User,
} from './types';

/**
 * Every endpoint the dashboard uses, one function each, with the paths of
 * API.md. Lists come as `{items, next_cursor}`; `listItems` also accepts a
 * bare array.
 */

export function listItems<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) {
    return (value as { items: T[] }).items;
  }
  return [];
}

export function asPage<T>(value: unknown): Page<T> {
  const items = listItems<T>(value);
  const cursor =
    value && typeof value === 'object' && !Array.isArray(value)
      ? ((value as { next_cursor?: string | null }).next_cursor ?? null)
      : null;
  return { items, next_cursor: cursor };
}

export interface TaskListQuery {
  status?: TaskStatus | '';
  type?: string;
  cursor?: string | null;
  limit?: number;
}

export interface RunSelection {
  sources: string[];
  agents: string[];
  llm_model?: string | null;
}

export interface ConnectSelection extends RunSelection {
  mode?: 'heuristic' | 'llm';
}

export interface SqlSourceBody {
  kind: 'sql';
  url: string;
  tables?: string[];
  name?: string;
}

export interface NewUserBody {
  email: string;
  password: string;
  role: Role;
  name?: string;
}

export function createEndpoints(client: ApiClient) {
  return {
    health: () => client.get<Record<string, string>>('/health'),

    register: (body: RegisterBody) => client.post<RegisterResponse>('/api/v1/auth/register', body),
    login: (email: string, password: string) =>
      client.post<LoginResponse>('/api/v1/auth/login', { email, password }),
    me: () => client.get<Me>('/api/v1/users/me'),

    users: async () => listItems<User>(await client.get<unknown>('/api/v1/users', { limit: 200 })),
    createUser: (body: NewUserBody) => client.post<User>('/api/v1/users', body),
    updateUser: (id: string, body: { role?: Role; is_active?: boolean }) =>
      client.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, body),

    tasks: async (query: TaskListQuery) =>
      asPage<Task>(
        await client.get<unknown>('/api/v1/tasks', {
          status: query.status,
          type: query.type,
          cursor: query.cursor,
          limit: query.limit ?? 50,
        }),
      ),
    task: (id: string) => client.get<Task>(`/api/v1/tasks/${encodeURIComponent(id)}`),
    taskEvents: async (id: string, after?: number) =>
      listItems<TaskEvent>(
        await client.get<unknown>(`/api/v1/tasks/${encodeURIComponent(id)}/events`, { after }),
      ),
    taskDeliveries: async (id: string) =>
      listItems<Delivery>(await client.get<unknown>(`/api/v1/tasks/${encodeURIComponent(id)}/deliveries`)),
    cancelTask: (id: string) => client.post<Task>(`/api/v1/tasks/${encodeURIComponent(id)}/cancel`),

    sources: async () => listItems<Source>(await client.get<unknown>('/api/v1/dcl/sources')),
    uploadSource: (form: FormData) => client.post<Source>('/api/v1/dcl/sources', form),
    addSqlSource: (body: SqlSourceBody) => client.post<Source>('/api/v1/dcl/sources', body),
    connect: (body: ConnectSelection) => client.post<Task>('/api/v1/dcl/connect', body),
    /** Publishes a new version from the approved mappings (a `dcl.publish` task). */
    publish: () => client.post<Task>('/api/v1/dcl/publish'),
    dclState: (): Promise<ConditionalResult<DclState>> => client.getConditional<DclState>('/api/v1/dcl/state'),
    ontology: () => client.get<Ontology>('/api/v1/dcl/ontology'),
    universe: () => client.get<Universe>('/api/v1/dcl/universe'),
    lineage: (q: string) => client.get<LineageAnswer>('/api/v1/dcl/lineage', { q }),
    mappings: async (status: MappingStatus) =>
      listItems<Mapping>(await client.get<unknown>('/api/v1/dcl/mappings', { status, limit: 200 })),
    approveMapping: (id: string) => client.post<Mapping>(`/api/v1/dcl/mappings/${encodeURIComponent(id)}/approve`),
    rejectMapping: (id: string) => client.post<Mapping>(`/api/v1/dcl/mappings/${encodeURIComponent(id)}/reject`),
    editMapping: (id: string, ontology_field: string) =>
      client.patch<Mapping>(`/api/v1/dcl/mappings/${encodeURIComponent(id)}`, { ontology_field }),
    preview: (view: string, limit = 20) => client.get<Preview>('/api/v1/dcl/preview', { view, limit }),

    agents: async () => listItems<Agent>(await client.get<unknown>('/api/v1/agents')),
    runAgent: (id: string) => client.post<Task>(`/api/v1/agents/${encodeURIComponent(id)}/run`),
    findings: async (agentId: string): Promise<FindingPage> => {
      const page = await client.get<Partial<FindingPage>>(`/api/v1/agents/${encodeURIComponent(agentId)}/findings`, { limit: 200 });
      return { items: page.items ?? [], summary: page.summary ?? null, run_status: page.run_status ?? null, missing: page.missing ?? [] };
    },
    approveAction: (id: string) => client.post<FindingAction>(`/api/v1/agents/actions/${encodeURIComponent(id)}/approve`),
    rejectAction: (id: string) => client.post<FindingAction>(`/api/v1/agents/actions/${encodeURIComponent(id)}/reject`),

    runAoa: (body: RunSelection) => client.post<Task>('/api/v1/aoa/run', body),
    aoaState: () => client.get<AoaState>('/api/v1/aoa/state'),

    tenantSettings: () => client.get<TenantSettings>('/api/v1/tenant/settings'),
    updateTenantSettings: (body: TenantSettingsUpdate) => client.put<TenantSettings>('/api/v1/tenant/settings', body),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
