import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { formalNoticeDeadline } from './agreement-terms.ts';
import { findLatestAgreement } from './agreements.repo.ts';
import { insertNotice } from './notices.repo.ts';
import type { AgreementNotice, Party } from './agreements.tables.ts';
import { parisDay } from '../../platform/paris-time.ts';

export type RecordFormalNoticeOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  /** Who gives notice: the metropolis to a commune failing its commitments, or the commune to the metropolis. */
  fromParty: Party;
  receivedOn: string;
  grounds: string;
};

/** Art. 12.2: a formal notice ("mise en demeure") opens two months to remedy, after which termination may follow. */
export async function recordFormalNotice(
  services: Services,
  options: RecordFormalNoticeOptions,
): Promise<{ ok: true; notice: AgreementNotice } | { ok: false; errors: Record<string, string> }> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  if (options.receivedOn > today)
    return { ok: false, errors: { receivedOn: 'La date de réception ne peut pas être dans le futur.' } };
  return withTenant(services.db, commune.id, async (trx) => {
    const agreement = await findLatestAgreement(trx);
    if (!agreement || agreement.last_day < today)
      return { ok: false as const, errors: { receivedOn: "La commune n'a pas de convention en vigueur." } };
    const notice = await insertNotice(trx, {
      agreement_id: agreement.id,
      kind: 'formal_notice',
      from_party: options.fromParty,
      received_on: options.receivedOn,
      deadline_on: formalNoticeDeadline(options.receivedOn),
      grounds: options.grounds,
      created_at: now,
      created_by_label: actor.label,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.formal-notice.record',
      target: { type: 'agreement_notice', id: notice.id },
      details: { fromParty: options.fromParty, receivedOn: options.receivedOn, deadline: notice.deadline_on },
      at: now,
    });
    return { ok: true as const, notice };
  });
}
