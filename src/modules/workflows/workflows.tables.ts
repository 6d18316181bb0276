import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type BigSerial = ColumnType<string, never, never>;
/** Filled by a default or a trigger when not given. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * Columns migration 0400 adds to the counter's `request` table, for its processing: joined into `DB['request']` by
 * the intersection in schema.ts, so the counter's own `RequestTable` stays as it was.
 */
export interface RequestProcessingColumns {
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

export interface WorkflowsTables {
  request: RequestProcessingColumns;
  request_event: RequestEventTable;
  request_timer: RequestTimerTable;
  webhook_secret: WebhookSecretTable;
}

export type RequestEventRow = Selectable<RequestEventTable>;
export type RequestTimerRow = Selectable<RequestTimerTable>;
