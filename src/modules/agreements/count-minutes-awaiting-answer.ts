import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listMinutesForCommune } from './governance.repo.ts';

/** How many published minutes await the commune's answer (shown beside its agreement). */
export async function countMinutesAwaitingAnswer(services: Services, commune: { id: string }): Promise<number> {
  const minutes = await withTenant(services.db, commune.id, (trx) => listMinutesForCommune(trx));
  return minutes.filter((m) => m.status === 'awaiting_approval' && m.response === 'pending').length;
}
