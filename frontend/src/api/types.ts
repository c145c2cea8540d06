/**
 * Types of the HTTP contract (/work/shared/API.md). Fields named in the
 * contract are required here; fields the contract leaves open are optional
 * and every reader treats them as possibly missing.
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
}

export interface TaskEvent {
  seq: number;
  at: string;
  kind: string;
  message: string;
  data: unknown;
}

export interface Delivery {
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
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

export interface Source {
  key: string;
  name: string;
  kind: string;
  tables: SourceTable[];
  /** Not in the contract: "demo" sources are told apart by kind or by this flag. */
  demo?: boolean;
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

export interface DclState {
  version: string | number | null;
  selected_sources: string[];
  selected_agents: string[];
  graph: Graph;
  confidence: number | null | Record<string, unknown>;
  events: unknown[];
  memory: Record<string, unknown>;
  llm: { calls: number; tokens: number };
}

export interface OntologyEntity {
  name: string;
  primary_key: string;
  fields: Column[];
  source_mappings?: {
    source_system: string;
    source_table: string;
    field_mappings: FieldMapping[];
  }[];
}

export interface Ontology {
  entities: OntologyEntity[];
}

export interface UniverseField {
  name: string;
  type: string;
  mapped_to?: string | string[] | null;
}

export interface Universe {
  sources: {
    key: string;
    name: string;
    tables: { name: string; row_count: number; fields: UniverseField[] }[];
  }[];
}

export type MappingStatus = 'proposed' | 'approved' | 'rejected';

/** A proposed mapping; only `id` is certain, the rest is read defensively. */
export interface Mapping {
  id: string;
  status?: MappingStatus;
  source_system?: string;
  source_table?: string;
  source_field?: string;
  source_column?: string;
  ontology_field?: string;
  entity?: string;
  field?: string;
  confidence?: number;
  method?: string;
  [extra: string]: unknown;
}

export interface Preview {
  columns: string[];
  rows: unknown[][] | Record<string, unknown>[];
}

export interface Agent {
  id: string;
  name: string;
  consumes: string[];
  autonomy_mode: string;
  [extra: string]: unknown;
}

export interface FindingAction {
  id: string;
  kind: string;
  status: string;
}

export interface Finding {
  id: string;
  severity: string;
  title: string;
  detail: string;
  evidence: unknown;
  created_at: string;
  action?: FindingAction | null;
}

/** Autonomy modes (DESIGN.md §6: observe, recommend, approve-to-act, auto), as the backend spells them. */
export const AUTONOMY_MODES = [
  { value: 'observe', label: 'Observe' },
  { value: 'recommend', label: 'Recommend' },
  { value: 'approve', label: 'Approve to act' },
  { value: 'auto', label: 'Auto' },
] as const;
export type AutonomyMode = (typeof AUTONOMY_MODES)[number]['value'];

export interface TenantSettings {
  autonomy_mode?: string;
  slack_webhook_url?: string | null;
  llm?: Record<string, unknown>;
  callback_allow_hosts?: string[];
  review_threshold?: number;
  [extra: string]: unknown;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
