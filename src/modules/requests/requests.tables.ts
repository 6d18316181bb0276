import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type BigSerial = ColumnType<string, never, never>;

export interface WorkflowVersionTable {
  id: Generated<string>;
  /** NULL: a workflow the platform offers every tenant. */
  tenant_id: string | null;
  key: string;
  version: number;
  /** A WorkflowDefinition (workflow.ts); frozen once published. */
  definition: Json<unknown>;
  created_at: Timestamp;
  published_at: Timestamp | null;
}

export interface RequestDraftTable {
  id: Generated<string>;
  /** The tenant of the e-service's provider: a draft is filled in the provider's instance. */
  tenant_id: string;
  eservice_id: string;
  form_version_id: string;
  citizen_user_id: string | null;
  /** sha256 of the anonymous visitor's cookie token, for drafts started without an account. */
  anonymous_owner_hash: string | null;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** { email?, sms? }: where the acknowledgement and notifications go. */
  contact: ColumnType<{ email?: string; sms?: string }, string | undefined, string>;
  reached_page: ColumnType<number, number | undefined, number>;
  /** Sent back with the final submission (hidden field): the same draft never becomes two requests. */
  idempotency_key: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_request_id: string | null;
}

export interface RequestCounterTable {
  tenant_id: string;
  year: number;
  last_value: number;
}

export interface RequestTable {
  id: Generated<string>;
  /** The competent administration holding the request (after routing). */
  tenant_id: string;
  eservice_id: string;
  form_version_id: string;
  workflow_version_id: string;
  number: string;
  tracking_code: string;
  citizen_user_id: string | null;
  contact_email: string;
  contact_sms: string | null;
  answers: Json<Record<string, unknown>>;
  status: string;
  /** The last status the citizen may see (internal statuses leave it unchanged). */
  citizen_status: string;
  submitted_at: Timestamp;
  /** Last change the citizen can see (status, message). */
  updated_at: Timestamp;
  /** The routing decision: which rule decided, and why (routing/routing-policy.ts RoutingDecision). */
  routing: Json<unknown>;
  commune_insee: string | null;
  /** The acknowledgement as issued (CRPA R112-11-1), kept as it was sent. */
  acknowledgement: Json<unknown>;
  idempotency_scope: string;
  idempotency_key: string;
  idempotency_fingerprint: string;
}

export interface RequestStatusChangeTable {
  id: BigSerial;
  tenant_id: string;
  request_id: string;
  at: Timestamp;
  from_status: string | null;
  to_status: string;
  visible_to_citizen: boolean;
  actor_user_id: string | null;
  actor_label: string;
  note: string | null;
}

export interface RequestMessageTable {
  id: Generated<string>;
  tenant_id: string;
  request_id: string;
  author: 'citizen' | 'administration';
  author_user_id: string | null;
  author_label: string;
  body: string;
  created_at: Timestamp;
}

export interface RequestAttachmentTable {
  id: Generated<string>;
  tenant_id: string;
  request_id: string;
  message_id: string | null;
  field_key: string | null;
  stored_file_id: string;
  created_at: Timestamp;
}

export interface CommuneBoundaryTable {
  insee_code: string;
  name: string;
  /** A GeoJSON Polygon or MultiPolygon, WGS 84. */
  geometry: Json<unknown>;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  source: string;
  imported_at: Timestamp;
}

export interface CommuneContactTable {
  insee_code: string;
  name: string;
  office_name: string;
  email: string | null;
  phone: string | null;
  postal_address: string | null;
  source: string;
  updated_at: Timestamp;
}

export interface RequestsTables {
  workflow_version: WorkflowVersionTable;
  request_draft: RequestDraftTable;
  request_counter: RequestCounterTable;
  request: RequestTable;
  request_status_change: RequestStatusChangeTable;
  request_message: RequestMessageTable;
  request_attachment: RequestAttachmentTable;
  commune_boundary: CommuneBoundaryTable;
  commune_contact: CommuneContactTable;
}

export type RequestRow = Selectable<RequestTable>;
export type RequestDraftRow = Selectable<RequestDraftTable>;
export type RequestStatusChangeRow = Selectable<RequestStatusChangeTable>;
export type RequestMessageRow = Selectable<RequestMessageTable>;
export type WorkflowVersionRow = Selectable<WorkflowVersionTable>;
