import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A Paris calendar date, YYYY-MM-DD (PostgreSQL `date`, read as text). */
type CalendarDay = ColumnType<string, string, string>;

export type RightKind = 'access' | 'rectification' | 'erasure' | 'portability' | 'objection';
export type RightsStatus = 'received' | 'extended' | 'answered';

/** A data subject's request to the data protection officer of one instance (its controller, P6). */
export interface RightsRequestTable {
  id: Generated<string>;
  tenant_id: string;
  /** Given to the requester: DPO-2026-XXXXXX. */
  reference: string;
  user_id: string | null;
  requester_name: string;
  requester_email: string;
  kind: RightKind;
  details: string;
  received_at: Timestamp;
  /** One month from receipt (RGPD art. 12.3). */
  due_on: CalendarDay;
  /** Two more months at most, with a notice to the requester giving the reasons. */
  extended_due_on: CalendarDay | null;
  extension_reason: string | null;
  status: RightsStatus;
  answered_at: Timestamp | null;
  answer: string | null;
  /** The requester's data export (ZIP) as it was when answered. */
  export_file_id: string | null;
  answered_by_label: string | null;
}

/** How long an e-service's requests keep their personal data once closed; `eservice_id` null: the instance's default. */
export interface RetentionRuleTable {
  id: Generated<string>;
  tenant_id: string;
  eservice_id: string | null;
  anonymise_after_months: number | null;
  purge_files_after_months: number | null;
  /** Off: the daily job only lists (dry run, audited) what it would do. */
  active: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
  updated_by_label: string;
}

export interface PrivacyTables {
  rights_request: RightsRequestTable;
  retention_rule: RetentionRuleTable;
}

export type RightsRequestRow = Selectable<RightsRequestTable>;
export type RetentionRuleRow = Selectable<RetentionRuleTable>;
