import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findRequest, type RequestRow } from '../requests/index.ts';
import { type RequestViewer, servicesHiddenFrom } from './team-visibility.ts';

/**
 * A request of the holder's competence, by its id, as this viewer may see it: none when the holder has no request by
 * this id, or when it belongs to a service whose team the viewer is not part of.
 */
export async function findHeldRequest(
  services: Services,
  holder: ResolvedTenant,
  id: string,
  viewer: RequestViewer,
): Promise<RequestRow | undefined> {
  const row = await withTenant(services.db, holder.id, (trx) => findRequest(trx, id));
  if (!row) return undefined;
  const hidden = await servicesHiddenFrom(services, holder, viewer);
  return hidden.includes(row.eservice_id) ? undefined : row;
}
