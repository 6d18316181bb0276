import type { ColumnType, Generated, Selectable } from 'kysely';
import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';

/** `date` columns come back as 'YYYY-MM-DD' (see connect.ts). */
type CalendarDate = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type Party = 'commune' | 'metropole';
export type EndReason =
  'max_duration' | 'notice_commune' | 'notice_metropole' | 'breach_by_commune' | 'breach_by_metropole';
export type AmendmentKind = 'add_service' | 'drop_service' | 'change_offer';
export type AmendmentStatus = 'scheduled' | 'applied' | 'cancelled';
export type NoticeKind = 'termination' | 'formal_notice';
export type NoticeStatus = 'pending' | 'effective' | 'remedied' | 'unremedied' | 'terminated';
export type DisputeStatus = 'open' | 'accepted' | 'rejected' | 'rejected_by_silence';
export type TaskStatus = 'todo' | 'done' | 'not_needed';
export type MeetingKind = 'framework_steering' | 'toodego_steering' | 'toodego_project' | 'bilateral' | 'round_table';
export type MeetingStatus = 'draft' | 'awaiting_approval' | 'approved' | 'contested';
export type RecipientResponse = 'pending' | 'approved' | 'objected';

export interface AgreementTable {
  id: Generated<string>;
  tenant_id: string;
  reference: string;
  commune_signed_on: CalendarDate;
  metropole_signed_on: CalendarDate;
  /** The later signature (convention-cadre art. 2). */
  effective_on: CalendarDate;
  /** Six years after taking effect, less a day (art. 2). */
  max_last_day: CalendarDate;
  /** The last day in force as things stand (the six years, or an earlier end). */
  last_day: CalendarDate;
  end_reason: Generated<EndReason>;
  ended_applied_at: Timestamp | null;
  created_at: Timestamp;
  created_by_label: string;
}

/** One service at one offer for a stretch of days: an annex, and each change of offer starts a new period. */
export interface AgreementAnnexTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  service: SharedService;
  offer: SubscriptionOffer;
  starts_on: CalendarDate;
  last_day: CalendarDate;
  /** "Montant facturé jusqu'alors" for a commune billed before the agreement (art. 10.2). */
  previously_billed_cents: number | null;
  amendment_id: string | null;
  cancelled_at: Timestamp | null;
  start_applied_at: Timestamp | null;
  end_applied_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AgreementAmendmentTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  number: number;
  kind: AmendmentKind;
  service: SharedService;
  from_offer: SubscriptionOffer;
  to_offer: SubscriptionOffer;
  notice_received_on: CalendarDate | null;
  notice_late: Generated<boolean>;
  commune_signed_on: CalendarDate | null;
  metropole_signed_on: CalendarDate | null;
  effective_on: CalendarDate;
  status: Generated<AmendmentStatus>;
  applied_at: Timestamp | null;
  created_at: Timestamp;
  created_by_label: string;
}

export interface AgreementNoticeTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  kind: NoticeKind;
  /** Who sends it: the terminating party, or the party giving formal notice to the other. */
  from_party: Party;
  received_on: CalendarDate;
  /** Termination: the last day in force. Formal notice: the end of the two months to remedy. */
  deadline_on: CalendarDate;
  late: Generated<boolean>;
  grounds: Generated<string>;
  status: Generated<NoticeStatus>;
  resolved_on: CalendarDate | null;
  created_at: Timestamp;
  created_by_label: string;
}

export interface AgreementDisputeTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  from_party: Party;
  received_on: CalendarDate;
  answer_due_on: CalendarDate;
  subject: string;
  status: Generated<DisputeStatus>;
  answered_on: CalendarDate | null;
  answer: string | null;
  created_at: Timestamp;
  created_by_label: string;
}

export interface TransitionTaskTable {
  id: Generated<string>;
  tenant_id: string;
  agreement_id: string;
  amendment_id: string | null;
  notice_id: string | null;
  service: SharedService;
  from_offer: SubscriptionOffer;
  to_offer: SubscriptionOffer;
  /** The day the change takes effect. */
  due_on: CalendarDate;
  code: string;
  label: string;
  responsible: Party;
  after_code: string | null;
  source: string;
  position: number;
  status: Generated<TaskStatus>;
  updated_at: Timestamp | null;
  updated_by_label: string | null;
  created_at: Timestamp;
}

export interface GovernanceMeetingTable {
  id: Generated<string>;
  kind: MeetingKind;
  title: string;
  held_on: CalendarDate;
  minutes: string;
  bilateral_tenant_id: string | null;
  status: Generated<MeetingStatus>;
  version: Generated<number>;
  published_on: CalendarDate | null;
  approval_deadline_on: CalendarDate | null;
  approved_on: CalendarDate | null;
  approved_tacitly: Generated<boolean>;
  created_at: Timestamp;
  created_by_label: string;
}

export interface GovernanceRecipientTable {
  id: Generated<string>;
  tenant_id: string;
  meeting_id: string;
  response: Generated<RecipientResponse>;
  objection: string | null;
  responded_at: Timestamp | null;
  responded_by_label: string | null;
}

export interface AgreementsTables {
  agreement: AgreementTable;
  agreement_annex: AgreementAnnexTable;
  agreement_amendment: AgreementAmendmentTable;
  agreement_notice: AgreementNoticeTable;
  agreement_dispute: AgreementDisputeTable;
  transition_task: TransitionTaskTable;
  governance_meeting: GovernanceMeetingTable;
  governance_recipient: GovernanceRecipientTable;
}

export type Agreement = Selectable<AgreementTable>;
export type AgreementAnnex = Selectable<AgreementAnnexTable>;
export type AgreementAmendment = Selectable<AgreementAmendmentTable>;
export type AgreementNotice = Selectable<AgreementNoticeTable>;
export type AgreementDispute = Selectable<AgreementDisputeTable>;
export type TransitionTask = Selectable<TransitionTaskTable>;
export type GovernanceMeeting = Selectable<GovernanceMeetingTable>;
export type GovernanceRecipient = Selectable<GovernanceRecipientTable>;
