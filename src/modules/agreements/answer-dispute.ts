import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { answerDispute as saveAnswer, findDispute } from './notices.repo.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';

export type AnswerDisputeOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  disputeId: string;
  decision: 'accepted' | 'rejected';
  answeredOn: string;
  answer: string;
};

export type AnswerDisputeResult =
  { ok: true } | { ok: false; errors: Record<string, string> } | { ok: false; notFound: true };

/** Art. 13: the decision on a claim, notified within the month; after it, silence has already decided (rejection). */
export async function answerDispute(services: Services, options: AnswerDisputeOptions): Promise<AnswerDisputeResult> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  return withTenant(services.db, commune.id, async (trx): Promise<AnswerDisputeResult> => {
    const dispute = await findDispute(trx, options.disputeId);
    if (!dispute) return { ok: false, notFound: true };
    if (dispute.status !== 'open')
      return { ok: false, errors: { decision: 'Cette réclamation a déjà reçu sa réponse.' } };
    if (options.answeredOn > today)
      return { ok: false, errors: { answeredOn: 'La date de la décision ne peut pas être dans le futur.' } };
    if (options.answeredOn < dispute.received_on)
      return { ok: false, errors: { answeredOn: 'La décision ne peut pas précéder la réception de la réclamation.' } };
    if (options.answeredOn > dispute.answer_due_on) {
      return {
        ok: false,
        errors: {
          answeredOn: `Le délai d'un mois a pris fin le ${formatCalendarDate(dispute.answer_due_on)} : l'absence de décision vaut rejet de la réclamation (art. 13).`,
        },
      };
    }
    await saveAnswer(trx, {
      id: dispute.id,
      status: options.decision,
      answeredOn: options.answeredOn,
      answer: options.answer,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.dispute.answer',
      target: { type: 'agreement_dispute', id: dispute.id },
      details: { decision: options.decision, answeredOn: options.answeredOn },
      at: now,
    });
    return { ok: true };
  });
}
