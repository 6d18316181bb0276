import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Severity } from './sla.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type TicketCategory = 'guichet' | 'identite' | 'connecteur' | 'donnees' | 'autre';
export type TicketStatus = 'nouveau' | 'en_cours' | 'attente_commune' | 'resolu';
export type TicketEventKind = 'ouverture' | 'message' | 'statut' | 'qualification';
export type Side = 'commune' | 'metropole';
export type NoticeKind = 'maintenance' | 'changement' | 'actualite';

export interface SupportFaqTable {
  id: Generated<string>;
  /** The administration that keeps the entry: the metropolis, or the commune providing the service. */
  tenant_id: string;
  /** The e-service the entry answers about; null for a general question about the platform. */
  service_slug: string | null;
  /** The service's title when the entry was written (shown beside it). */
  service_title: string | null;
  question: string;
  answer: string;
  search_vector: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_label: string;
}

export interface SupportTicketTable {
  id: Generated<string>;
  tenant_id: string;
  number: number;
  subject: string;
  category: TicketCategory;
  status: Generated<TicketStatus>;
  severity: Severity | null;
  qualified_at: Timestamp | null;
  resolved_at: Timestamp | null;
  opened_by_user_id: string | null;
  opened_by_label: string;
  contact_email: string;
  warned_at: Timestamp | null;
  breach_notified_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupportTicketEventTable {
  id: Generated<string>;
  tenant_id: string;
  ticket_id: string;
  at: Timestamp;
  kind: TicketEventKind;
  side: Side;
  author_label: string;
  body: Generated<string>;
  status: TicketStatus | null;
  severity: Severity | null;
  file_id: string | null;
  file_name: string | null;
}

export interface SupportProbeTable {
  at: Timestamp;
  ok: boolean;
  latency_ms: number;
  detail: Generated<string>;
}

export interface SupportNoticeTable {
  id: Generated<string>;
  kind: NoticeKind;
  title: string;
  body: string;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  created_at: Timestamp;
  created_by_label: string;
}

export type SupportTables = {
  support_faq: SupportFaqTable;
  support_ticket: SupportTicketTable;
  support_ticket_event: SupportTicketEventTable;
  support_probe: SupportProbeTable;
  support_notice: SupportNoticeTable;
};

export type FaqRow = Selectable<SupportFaqTable>;
export type TicketRow = Selectable<SupportTicketTable>;
export type TicketEventRow = Selectable<SupportTicketEventTable>;
export type NoticeRow = Selectable<SupportNoticeTable>;
