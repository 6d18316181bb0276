import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type EServiceRow, findEServiceOfTenant } from '../catalogue/index.ts';
import { type ServiceDraft, ZServiceDraft } from './service-draft.ts';
import { findStudioService, latestPublishedRevision, latestRevision } from './studio.repo.ts';
import type { StudioRevisionRow, StudioServiceRow } from './studio.tables.ts';

export type StudioService = {
  service: StudioServiceRow;
  latest: StudioRevisionRow;
  draft: ServiceDraft;
  published: StudioRevisionRow | undefined;
  /** The catalogue's entry once published (its status says whether it is online). */
  eservice: EServiceRow | undefined;
};

/** A service of this tenant's studio with its latest version, or undefined (another tenant's id names nothing). */
export async function loadStudioService(
  services: Services,
  tenant: ResolvedTenant,
  id: string,
): Promise<StudioService | undefined> {
  return withTenant(services.db, tenant.id, async (trx) => {
    const service = await findStudioService(trx, id);
    if (!service) return undefined;
    const latest = await latestRevision(trx, service.id);
    return {
      service,
      latest,
      draft: ZServiceDraft.parse(latest.content),
      published: await latestPublishedRevision(trx, service.id),
      eservice: await findEServiceOfTenant(trx, tenant.id, service.slug),
    };
  });
}
