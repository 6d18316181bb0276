import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { NewRequestNotification } from './backoffice.tables.ts';
import { saveAgentPreference as upsertPreference } from './backoffice.repo.ts';

export type SaveAgentPreferenceOptions = {
  holder: ResolvedTenant;
  userId: string;
  newRequests: NewRequestNotification;
  digestHour: number;
};

/** How an agent hears of new requests of this tenant: each at once, a daily digest, or not at all. */
export async function saveAgentPreference(services: Services, options: SaveAgentPreferenceOptions): Promise<void> {
  // Preferences follow roles: held on the production tenant, they cover its test instance too.
  await withTenant(services.db, options.holder.production.id, (trx) =>
    upsertPreference(trx, {
      userId: options.userId,
      newRequests: options.newRequests,
      digestHour: options.digestHour,
      at: services.clock.now(),
    }),
  );
}
