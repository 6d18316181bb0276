import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listRightsQueue } from './rights.repo.ts';
import { setRetentionRule } from './set-retention-rule.ts';
import { submitRightsRequest } from './submit-rights-request.ts';

/**
 * A little of the feature for `npm start`: Camille Martin has asked Givors for access to her data, and Givors's
 * default retention rule (anonymise closed requests after 24 months, files after 12) is in simulation.
 */
export async function seedPrivacyDemo(services: Services): Promise<void> {
  const givors = await services.tenants.bySlug('givors');
  const camille = await findAccountByEmail(services.db, 'citoyen@example.org');
  if (!givors || !camille) return;
  const existing = await withTenant(services.db, givors.id, (trx) => listRightsQueue(trx));
  if (existing.length) return;
  await submitRightsRequest(services, {
    tenant: givors,
    user: { id: camille.id, email: camille.email, displayName: camille.display_name },
    form: {
      droit: 'access',
      precisions:
        'Je souhaite connaître les données que la commune détient sur moi, notamment pour mes démarches d’état civil.',
    },
    ip: null,
  });
  await setRetentionRule(services, {
    tenantId: givors.id,
    eserviceId: null,
    form: { service: '', anonymisation: 24, fichiers: 12 },
    actor: SYSTEM_ACTOR,
  });
}
