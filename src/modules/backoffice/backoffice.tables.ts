import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type NewRequestNotification = 'immediate' | 'digest' | 'none';

/** How an agent wants to hear of new requests of their competence, per tenant where they hold a role. */
export interface AgentPreferenceTable {
  user_id: string;
  /** The production tenant (roles are held there; its test instance follows). */
  tenant_id: string;
  new_requests: NewRequestNotification;
  /** Hour of the daily digest, Paris time. */
  digest_hour: number;
  /** Requests submitted up to this instant have been in a digest. */
  last_digest_at: Timestamp | null;
  updated_at: Timestamp;
}

/** A saved inbox view: filters and sort under a name, the agent's own or shared with the tenant's agents. */
export interface InboxViewTable {
  id: Generated<string>;
  tenant_id: string;
  owner_user_id: string;
  name: string;
  /** InboxQuery (inbox-query.ts). */
  query: Json<Record<string, unknown>>;
  shared: boolean;
  created_at: Timestamp;
}

export type ExportStatus = 'pending' | 'running' | 'done' | 'failed';

/** An export of a listing, built by a job when it is large, with its progress. */
export interface BackofficeExportTable {
  id: Generated<string>;
  tenant_id: string;
  requested_by: string;
  format: 'csv' | 'ods';
  query: Json<Record<string, unknown>>;
  status: ExportStatus;
  total: number;
  done: number;
  stored_file_id: string | null;
  filename: string;
  error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface BackofficeTables {
  agent_preference: AgentPreferenceTable;
  inbox_view: InboxViewTable;
  backoffice_export: BackofficeExportTable;
}

export type AgentPreferenceRow = Selectable<AgentPreferenceTable>;
export type InboxViewRow = Selectable<InboxViewTable>;
export type BackofficeExportRow = Selectable<BackofficeExportTable>;
