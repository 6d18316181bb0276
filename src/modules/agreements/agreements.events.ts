import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { defineEvent } from '../../platform/events/domain-events.ts';
import type { CalendarDate } from '../../platform/paris-time.ts';

/**
 * An agreement was terminated for one party's breach (art. 12.2), told in the transaction that ends it. Whatever
 * follows from it in money is not the agreements' business: the module that bills the contributions subscribes.
 */
export type AgreementTerminatedForBreach = {
  tenantId: string;
  agreementId: string;
  /** The party that failed its commitments (the other one gave the formal notice). */
  breachBy: 'commune' | 'metropole';
  /** The agreement's new last day. */
  lastDay: CalendarDate;
  today: CalendarDate;
  actor: AuditActor;
  now: Date;
};

export const agreementTerminatedForBreach = defineEvent<AgreementTerminatedForBreach>(
  'agreements.terminated-for-breach',
);
