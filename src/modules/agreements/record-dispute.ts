import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { disputeAnswerDeadline } from './agreement-terms.ts';
import { findLatestAgreement } from './agreements.repo.ts';
import { insertDispute } from './notices.repo.ts';
import type { AgreementDispute, Party } from './agreements.tables.ts';
import { parisDay } from '../../platform/paris-time.ts';

export type RecordDisputeOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  fromParty: Party;
  receivedOn: string;
  subject: string;
};

/** Art. 13: a written claim; the other party has one month from receipt to decide, silence being a rejection. */
export async function recordDispute(
  services: Services,
  options: RecordDisputeOptions,
): Promise<{ ok: true; dispute: AgreementDispute } | { ok: false; errors: Record<string, string> }> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  if (options.receivedOn > today)
    return { ok: false, errors: { receivedOn: 'La date de réception ne peut pas être dans le futur.' } };
  return withTenant(services.db, commune.id, async (trx) => {
    const agreement = await findLatestAgreement(trx);
    if (!agreement) return { ok: false as const, errors: { receivedOn: "La commune n'a pas de convention." } };
    const dispute = await insertDispute(trx, {
      agreement_id: agreement.id,
      from_party: options.fromParty,
      received_on: options.receivedOn,
      answer_due_on: disputeAnswerDeadline(options.receivedOn),
      subject: options.subject,
      created_at: now,
      created_by_label: actor.label,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.dispute.record',
      target: { type: 'agreement_dispute', id: dispute.id },
      details: { fromParty: options.fromParty, receivedOn: options.receivedOn, answerDue: dispute.answer_due_on },
      at: now,
    });
    return { ok: true as const, dispute };
  });
}
