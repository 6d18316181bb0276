import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { formatCalendarDate } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { RightsRequestRow } from './privacy.tables.ts';
import { dueDateOf, newReference, RIGHT_LABELS, type RightsForm } from './rights.ts';
import { citizenRightsUrl, dpoAddresses, dpoRightsUrl, mailEach } from './rights-mail.ts';
import { insertRightsRequest } from './rights.repo.ts';

/**
 * A signed-in person exercises a right (P2). The request goes to the data protection officer of the instance it was
 * made on, its controller (P6); its one-month deadline starts at receipt. The requester gets an acknowledgement with
 * the reference and the date, the officer a notice — in the request's transaction.
 */
export async function submitRightsRequest(
  services: Services,
  options: {
    tenant: ResolvedTenant;
    user: { id: string; email: string; displayName: string };
    form: RightsForm;
    ip: string | null;
  },
): Promise<RightsRequestRow> {
  const { tenant, user, form } = options;
  const at = services.clock.now();
  const officers = await dpoAddresses(services, tenant);
  return withTenant(services.db, tenant.id, async (trx) => {
    const row = await insertRightsRequest(trx, {
      reference: newReference(at),
      user_id: user.id,
      requester_name: user.displayName.slice(0, 200),
      requester_email: user.email,
      kind: form.droit,
      details: form.precisions,
      received_at: at,
      due_on: dueDateOf(at),
      status: 'received',
    });
    await recordAudit(trx, {
      actor: { userId: user.id, label: user.email, ip: options.ip },
      tenantId: tenant.id,
      action: 'privacy.rights.submit',
      target: { type: 'rights_request', id: row.id },
      details: { reference: row.reference, kind: row.kind },
      at,
    });
    const due = formatCalendarDate(row.due_on);
    await mailEach(
      services,
      trx,
      [user.email],
      {
        subject: `Votre demande ${row.reference} est reçue`,
        greeting: `Bonjour ${user.displayName},`,
        paragraphs: [
          `Votre demande « ${RIGHT_LABELS[row.kind]} » est reçue par le délégué à la protection des données de ${tenant.name} sous la référence ${row.reference}.`,
          `Une réponse vous sera apportée au plus tard le ${due}. Ce délai peut être prolongé de deux mois au plus en raison de la complexité ou du nombre de demandes ; vous en seriez alors informé avec les motifs.`,
        ],
        action: { label: 'Suivre ma demande', url: citizenRightsUrl(services, tenant, row.id) },
        signature: tenant.name,
      },
      `rights:${row.id}:received`,
    );
    await mailEach(
      services,
      trx,
      officers,
      {
        subject: `Nouvelle demande d’exercice de droits ${row.reference}`,
        greeting: 'Bonjour,',
        paragraphs: [
          `${user.displayName} exerce son droit « ${RIGHT_LABELS[row.kind]} » auprès de ${tenant.name}.`,
          `La réponse est due au plus tard le ${due}.`,
        ],
        action: { label: 'Ouvrir la demande', url: dpoRightsUrl(services, tenant, row.id) },
        signature: 'Communs',
      },
      `rights:${row.id}:dpo`,
    );
    return row;
  });
}
