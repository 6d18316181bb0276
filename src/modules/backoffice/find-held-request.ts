import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findRequest, type RequestRow } from '../requests/index.ts';

/** A request of the holder's competence, by its id; none when the holder has no request by this id. */
export async function findHeldRequest(
  services: Services,
  holder: ResolvedTenant,
  id: string,
): Promise<RequestRow | undefined> {
  return withTenant(services.db, holder.id, (trx) => findRequest(trx, id));
}
