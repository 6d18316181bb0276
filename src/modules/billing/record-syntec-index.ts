import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { findSyntecIndex, upsertSyntecIndex } from './billing.repo.ts';

/**
 * An operator enters a Syntec index value with its publication date: the engine uses, for a billing year, the
 * value known on 1 January of that year. A value entered again for the same month corrects it, audited with both.
 */
export async function recordSyntecIndex(
  services: Services,
  options: { actor: AuditActor; month: string; hundredths: number; publishedOn: string },
): Promise<{ ok: true; corrected: boolean } | { ok: false; errors: Record<string, string> }> {
  const now = services.clock.now();
  if (options.publishedOn > parisDay(now))
    return { ok: false, errors: { publishedOn: 'La date de publication ne peut pas être dans le futur.' } };
  if (options.publishedOn < `${options.month}-01`) {
    return {
      ok: false,
      errors: { publishedOn: "L'indice d'un mois ne peut pas être publié avant le début de ce mois." },
    };
  }
  return services.db.transaction().execute(async (trx) => {
    const before = await findSyntecIndex(trx, options.month);
    await upsertSyntecIndex(trx, {
      month: options.month,
      hundredths: options.hundredths,
      publishedOn: options.publishedOn,
      at: now,
      byLabel: options.actor.label,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: null,
      action: before ? 'billing.syntec.correct' : 'billing.syntec.record',
      target: { type: 'syntec_index', id: options.month },
      details: {
        ...(before ? { from: { hundredths: before.value_hundredths, publishedOn: before.published_on } } : {}),
        to: { hundredths: options.hundredths, publishedOn: options.publishedOn },
      },
      at: now,
    });
    return { ok: true as const, corrected: !!before };
  });
}
