/**
 * Types of the HTTP API as the backend answers (the route modules in functions/ and the
 * pydantic schemas in layers/core/python/autonomos/schemas/). Fields the
 * backend always sends are required here; the graph's nodes and edges carry
 * extra fields that the readers treat as possibly missing.
 */

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Role = 'owner' | 'admin' | 'member';

export interface Tenant {
  id: string;
  name: string;
}

export interface RegisterBody {
  organization: string;
  email: string;
  password: string;
  name?: string;
}

export interface RegisterResponse {
  tenant: Tenant;
  user: { id: string; email: string; role: Role };
  access_token: string;
  token_type: 'bearer';
}

export interface LoginResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}

export interface Me {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  tenant: Tenant;
}

export interface User {
  id: string;
  email: string;
  name?: string | null;
  role: Role;
  is_active?: boolean;
  created_at?: string;
}

export type TaskStatus = 'queued' | 'in_progress' | 'success' | 'failed' | 'canceled';

export const TASK_STATUSES: readonly TaskStatus[] = ['queued', 'in_progress', 'success', 'failed', 'canceled'];

export const TERMINAL_STATUSES: readonly TaskStatus[] = ['success', 'failed', 'canceled'];

export interface Task {
  id: string;
  type: string;
  status: TaskStatus;
  payload: unknown;
  result: unknown;
  error: unknown;
  attempts: number;
  max_retries: number;
  callback_url: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  next_task_id: string | null;
  parent_task_id?: string | null;
  timeout_seconds?: number;
  idempotency_key?: string | null;
  cancel_requested?: boolean;
  dead_lettered?: boolean;
}

export interface TaskEvent {
  seq: number;
  at: string;
  kind: string;
  message: string;
  data: unknown;
}

/** One attempt to deliver a task's callback. */
export interface Delivery {
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  delivered?: boolean;
  event_id?: string;
}

export interface Column {
  name: string;
  type: string;
}

export interface SourceTable {
  name: string;
  columns: Column[];
  row_count: number;
}

/** `demo`: bundled with the platform; `file`: the tenant's uploads; `sql`: a database of the tenant. */
export type SourceKind = 'demo' | 'file' | 'sql';

export interface Source {
  key: string;
  name: string;
  kind: SourceKind;
  system: string;
  tables: SourceTable[];
}

export type NodeType = 'source_parent' | 'source' | 'ontology' | 'agent';
export type EdgeType = 'hierarchy' | 'dataflow';

export interface GraphNode {
  id: string;
  label: string;
  type: NodeType;
  layer: 0 | 1 | 2 | 3;
  [extra: string]: unknown;
}

export interface FieldMapping {
  source_field: string;
  ontology_field: string;
  confidence: number;
  method: string;
}

export interface GraphEdge {
  source: string;
  target: string;
  edge_type: EdgeType;
  value: number;
  field_mappings?: FieldMapping[];
  [extra: string]: unknown;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A narration line of the DCL state. */
export interface DclEvent {
  at: string;
  message: string;
}

/** A mapping the memory settled on the last run: `source` is "table.column", `target` "entity.field". */
export interface MemoryRetrieval {
  source: string;
  target: string;
  similarity: number;
}

/** The mapping memory's counters; before the first run only `entries` is present. */
export interface MemoryStats {
  entries: number;
  retrievals?: number;
  hits?: number;
  llm_calls_saved?: number;
  recent?: MemoryRetrieval[];
}

/** `GET /api/v1/dcl/state` (dcl/service.py). */
export interface DclState {
  version: number | null;
  selected_sources: string[];
  selected_agents: string[];
  mode?: 'heuristic' | 'llm';
  llm_model?: string | null;
  graph: Graph;
  /** Mean confidence of the published mappings (0..1), null before the first version. */
  confidence: number | null;
  events: DclEvent[];
  memory: MemoryStats;
  llm: { calls: number; tokens: number };
  review?: { pending: number };
  /** Seconds each step of the last connect took (connect, profile, map, publish). */
  stage_seconds?: Record<string, number>;
}

export interface AoaStage {
  /** "connect", or "agent:<id>" */
  name: string;
  task_id: string | null;
  status: string;
  error: string | null;
}

export interface AoaRun {
  id: string;
  /** The `aoa.run` task whose events carry the run's progress. */
  task_id: string;
  status: string;
  stages: AoaStage[];
  error: string | null;
  created_at?: string;
  finished_at?: string | null;
}

/** `GET /api/v1/aoa/state`: the DCL state plus the active and the last run. */
export interface AoaState extends DclState {
  active_run: AoaRun | null;
  last_run: AoaRun | null;
}

export interface OntologyEntity {
  name: string;
  label?: string | null;
  primary_key: string;
  fields: Column[];
  source_mappings?: {
    source_key?: string;
    source_system: string;
    source_table: string;
    /** Whether the table contributes rows to the entity (false: it only fills fields of rows from elsewhere). */
    feeds_rows?: boolean;
    field_mappings: (FieldMapping & { transform?: string | null })[];
  }[];
}

export interface Ontology {
  entities: OntologyEntity[];
}

export interface UniverseField {
  name: string;
  type: string;
  /** The best mapping's "entity.field"; absent when the column maps to nothing. */
  mapped_to?: string | string[] | null;
  mappings?: { ontology_field: string; confidence: number; method: string }[];
}

export interface Universe {
  sources: {
    key: string;
    name: string;
    kind?: SourceKind;
    system?: string;
    tables: { name: string; row_count: number; fields: UniverseField[] }[];
  }[];
}

/** A source column feeding a unified field. */
export interface LineageSource {
  entity: string;
  field: string;
  source_key: string;
  system: string;
  table: string;
  column: string;
  method: string;
  confidence: number;
  transform: string | null;
}

/** One unified field of `GET /api/v1/dcl/lineage?q=` with its source columns and consuming agents (ids). */
export interface LineageEntry {
  entity: string;
  field: string;
  unified_field: string;
  type: string;
  sources: LineageSource[];
  agents: string[];
}

export interface LineageAnswer {
  items: LineageEntry[];
}

export type MappingStatus = 'proposed' | 'approved' | 'rejected';

/** A mapping proposal or decision (`GET /api/v1/dcl/mappings`). */
export interface Mapping {
  id: string;
  source_key: string;
  source_system: string;
  source_table: string;
  source_field: string;
  /** "entity.field" */
  ontology_field: string;
  entity: string;
  field: string;
  confidence: number;
  method: string;
  status: MappingStatus;
  decided_at?: string | null;
}

export interface Preview {
  view?: string;
  version?: number;
  columns: string[];
  rows: unknown[][];
}

export interface Agent {
  id: string;
  name: string;
  consumes: string[];
  autonomy_mode: string;
  /** Whether the current version provides every input the agent needs. */
  available?: boolean;
  missing?: string[];
  last_run_at?: string | null;
  summary?: string | null;
}

export type ActionStatus = 'proposed' | 'awaiting_approval' | 'approved' | 'rejected' | 'executed' | 'failed';

export interface FindingAction {
  id: string;
  kind: string;
  title?: string;
  status: ActionStatus | string;
  payload?: Record<string, unknown>;
  task_id?: string | null;
  decided_by?: string | null;
  decided_at?: string | null;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** What a finding rests on: rows (with their source lineage), the source columns read and figures. */
export interface Evidence {
  rows?: Record<string, unknown>[];
  source_columns?: unknown[];
  metrics?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface Finding {
  id: string;
  agent_id?: string;
  kind?: string;
  severity: Severity | string;
  title: string;
  detail: string;
  evidence: Evidence | null;
  created_at: string;
  action?: FindingAction | null;
}

/** `GET /api/v1/agents/{id}/findings`: the latest run's findings and how that run went. */
export interface FindingPage {
  items: Finding[];
  next_cursor?: string | null;
  summary: string | null;
  /** "completed", "missing_inputs", … or null before the first run. */
  run_status: string | null;
  /** Unified fields ("entity.field") the run needed and did not find. */
  missing: string[];
}

/** Autonomy modes (DESIGN.md §6: observe, recommend, approve-to-act, auto), as the backend spells them. */
export const AUTONOMY_MODES = [
  { value: 'observe', label: 'Observe' },
  { value: 'recommend', label: 'Recommend' },
  { value: 'approve', label: 'Approve to act' },
  { value: 'auto', label: 'Auto' },
] as const;
export type AutonomyMode = (typeof AUTONOMY_MODES)[number]['value'];

export interface LlmSettings {
  provider: 'openai' | 'gemini' | null;
  model: string | null;
  openai_api_key_set: boolean;
  gemini_api_key_set: boolean;
  openai_base_url?: string | null;
  gemini_base_url?: string | null;
}

/** `GET /api/v1/tenant/settings` (provider keys are only reported as set or not). */
export interface TenantSettings {
  autonomy_mode: AutonomyMode;
  slack_webhook_url: string | null;
  llm: LlmSettings;
  callback_allow_hosts: string[];
  review_threshold: number;
  rate_limit_per_minute?: number;
  max_tasks_in_flight?: number;
}

/** `PUT /api/v1/tenant/settings`: only the parts to change; keys are write-only. */
export interface TenantSettingsUpdate {
  autonomy_mode?: AutonomyMode;
  slack_webhook_url?: string | null;
  llm?: {
    provider?: 'openai' | 'gemini' | null;
    model?: string | null;
    openai_api_key?: string;
    gemini_api_key?: string;
  };
  callback_allow_hosts?: string[];
  review_threshold?: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
