import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { extendedDueDateOf, RIGHT_LABELS } from './rights.ts';
import { citizenRightsUrl, mailEach } from './rights-mail.ts';
import { findRightsRequest, updateRightsRequest } from './rights.repo.ts';

export type ExtendOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'not-open' | 'too-late' };

/**
 * The officer extends the deadline by two months (art. 12.3): once, before the first month ends, with the reasons
 * e-mailed to the requester in the same transaction.
 */
export async function extendRightsRequest(
  services: Services,
  options: { tenant: ResolvedTenant; id: string; reason: string; actor: AuditActor },
): Promise<ExtendOutcome> {
  const at = services.clock.now();
  const { tenant } = options;
  return withTenant(services.db, tenant.id, async (trx): Promise<ExtendOutcome> => {
    const row = await findRightsRequest(trx, options.id);
    if (!row) return { ok: false, reason: 'not-found' };
    if (row.status !== 'received') return { ok: false, reason: 'not-open' };
    if (parisDay(at) > row.due_on) return { ok: false, reason: 'too-late' };
    const extended = extendedDueDateOf(row.received_at);
    await updateRightsRequest(trx, row.id, {
      status: 'extended',
      extended_due_on: extended,
      extension_reason: options.reason,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: tenant.id,
      action: 'privacy.rights.extend',
      target: { type: 'rights_request', id: row.id },
      details: { reference: row.reference, dueOn: extended },
      at,
    });
    await mailEach(
      services,
      trx,
      [row.requester_email],
      {
        subject: `Votre demande ${row.reference} : délai de réponse prolongé`,
        greeting: `Bonjour ${row.requester_name},`,
        paragraphs: [
          `Le délégué à la protection des données de ${tenant.name} prolonge le délai de réponse à votre demande « ${RIGHT_LABELS[row.kind]} » jusqu’au ${formatCalendarDate(extended)}.`,
          `Motif : ${options.reason}`,
          'Vous pouvez adresser une réclamation à la CNIL (www.cnil.fr) si vous estimez que vos droits ne sont pas respectés.',
        ],
        action: { label: 'Suivre ma demande', url: citizenRightsUrl(services, tenant, row.id) },
        signature: tenant.name,
      },
      `rights:${row.id}:extended`,
    );
    return { ok: true };
  });
}
