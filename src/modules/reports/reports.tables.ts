import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/**
 * A public report: what the public may know of a request made through a report e-service (a form with a point on a
 * map), copied when it was submitted and kept up to date by the requests' events. Never its author, contact, other
 * answers, files or agents' notes: those stay in the request.
 */
export interface ReportTable {
  id: Generated<string>;
  /** The request's holder (the competent administration): the data controller. */
  tenant_id: string;
  request_id: string;
  eservice_id: string;
  service_title: string;
  /** The routing category's value ('' for a service without one) and its label as the form words it. */
  category: string;
  category_label: string;
  lat: number;
  lon: number;
  commune_insee: string | null;
  commune_name: string;
  /** The author's description as sent: never updated (a trigger refuses it); moderation writes beside it. */
  description: string;
  /** The status as citizens read it. */
  status: string;
  status_label: string;
  closed_at: Timestamp | null;
  submitted_at: Timestamp;
  status_changed_at: Timestamp;
  /** Moderation in force: hidden from every public page, and the public description when a moderator edited it. */
  hidden: Generated<boolean>;
  public_description: string | null;
  moderated_at: Timestamp | null;
}

export type ModerationAction = 'hide' | 'show' | 'edit' | 'restore';

/** Every moderation act, append-only: what was done, why, by whom, and the public description it set. */
export interface ReportModerationTable {
  id: Generated<string>;
  tenant_id: string;
  report_id: string;
  action: ModerationAction;
  reason: string;
  public_description: string | null;
  actor_user_id: string | null;
  actor_label: string;
  at: Timestamp;
}

/**
 * Someone who follows a report: an account (confirmed at once) or an address confirmed by a link. The token's digest
 * opens the confirmation and the link that stops the e-mails.
 */
export interface ReportFollowerTable {
  id: Generated<string>;
  tenant_id: string;
  report_id: string;
  user_id: string | null;
  email: string;
  token_digest: string;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  stopped_at: Timestamp | null;
}

export type ReportsTables = {
  report: ReportTable;
  report_moderation: ReportModerationTable;
  report_follower: ReportFollowerTable;
};

export type ReportRow = Selectable<ReportTable>;
export type ReportModerationRow = Selectable<ReportModerationTable>;
export type ReportFollowerRow = Selectable<ReportFollowerTable>;
