import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type BigSerial = ColumnType<string, never, never>;
/** Filled by a default or a trigger when not given. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

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

/** The columns a submission writes (the processing columns start from their defaults). */
export interface SubmittedRequestTable {
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

/** A request: what the submission wrote, and its processing (who holds it, its clock, its end). */
export interface RequestTable extends SubmittedRequestTable {
  /** Bumped by every processing change (status, assignment, button): an action made on an older version is refused. */
  version: Defaulted<number>;
  /** The agent holding the request ("pris en charge"), and since when. */
  assigned_user_id: Defaulted<string | null>;
  assigned_at: Defaulted<Date | null>;
  /** The role whose queue the request is in when no agent holds it (assign action "role"). */
  assigned_role: Defaulted<'agent' | 'admin' | null>;
  /** When the current status was entered (a trigger fills it with submitted_at at submission). */
  status_entered_at: Defaulted<Date>;
  /** Last change of any kind (status, assignment, message, note): timed jumps count "without change" from it. */
  activity_at: Defaulted<Date>;
  /** Waiting for the citizen since: the processing clock is paused. */
  paused_at: Defaulted<Date | null>;
  /** Seconds spent waiting for the citizen, over past waits. */
  paused_seconds: Defaulted<number>;
  /** When a final status was reached. */
  closed_at: Defaulted<Date | null>;
  /** The request the competent administration holds, once an agent sent this one on to it. */
  rerouted_to: Defaulted<string | null>;
  /** Its retention ended: personal data blanked (migration 0612, the privacy module's rules). */
  anonymised_at: Defaulted<Date | null>;
  /** Its files were deleted (their retention can be shorter than the request's). */
  files_purged_at: Defaulted<Date | null>;
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

/** When an agent last opened a request: citizen's messages written after it are unread for them. */
export interface RequestReadingTable {
  tenant_id: string;
  request_id: string;
  user_id: string;
  read_at: Timestamp;
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

/** What a request's history keeps besides its status changes (request_status_change): append-only. */
export type RequestEventKind = 'assignment' | 'note' | 'action' | 'button' | 'document' | 'timer';

export interface RequestEventTable {
  id: BigSerial;
  tenant_id: string;
  request_id: string;
  at: Timestamp;
  kind: RequestEventKind;
  actor_user_id: string | null;
  actor_label: string;
  /** The status change an action ran for, when it ran on a transition or on entering a status. */
  status_change_id: string | null;
  /** French summary for the history ("Courriel à l'usager mis en file", "Attribuée à …"). */
  summary: string;
  details: Json<Record<string, unknown>>;
}

/** A timed jump waiting to fire: one row per timer of the status a request entered. */
export interface RequestTimerTable {
  id: BigSerial;
  tenant_id: string;
  request_id: string;
  /** The status and the stay in it the timer belongs to: a request that left it, or left and came back, is not concerned. */
  from_status: string;
  status_entered_at: Timestamp;
  to_status: string;
  label: string;
  delay_minutes: number;
  /** activity_at + delay when scheduled; checked again against the request's activity when it comes due. */
  due_at: Timestamp;
  closed_at: Timestamp | null;
}

/** The secret a tenant's outgoing webhooks are signed with (HMAC-SHA256), shown to its administrators. */
export interface WebhookSecretTable {
  tenant_id: string;
  secret: string;
  created_at: Timestamp;
}

/**
 * A request's text for the inbox's free-text search (number, tracking code, e-mail and answers, without accents or
 * case), with a trigram index; written by the job that follows each batch of submissions (migration 0401).
 */
export interface RequestSearchTable {
  request_id: string;
  tenant_id: string;
  search_text: string;
}

export interface RequestsTables {
  request_draft: RequestDraftTable;
  request_counter: RequestCounterTable;
  request: RequestTable;
  request_status_change: RequestStatusChangeTable;
  request_event: RequestEventTable;
  request_timer: RequestTimerTable;
  webhook_secret: WebhookSecretTable;
  request_search: RequestSearchTable;
  request_message: RequestMessageTable;
  request_attachment: RequestAttachmentTable;
  request_reading: RequestReadingTable;
  commune_boundary: CommuneBoundaryTable;
  commune_contact: CommuneContactTable;
}

export type RequestRow = Selectable<RequestTable>;
export type SubmittedRequestRow = Selectable<SubmittedRequestTable>;
export type RequestDraftRow = Selectable<RequestDraftTable>;
export type RequestStatusChangeRow = Selectable<RequestStatusChangeTable>;
export type RequestMessageRow = Selectable<RequestMessageTable>;
export type RequestEventRow = Selectable<RequestEventTable>;
export type RequestTimerRow = Selectable<RequestTimerTable>;
