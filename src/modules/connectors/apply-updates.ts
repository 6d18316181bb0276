import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { postAdministrationMessage } from '../requests/index.ts';
import { findDeliveryByReference, insertUpdate, latestAppliedUpdate, markUpdateApplied } from './updates.repo.ts';

// Open311 servers write ids as strings or numbers (FixMyStreet's are numbers in some versions): kept as text.
const ZIdentifier = z.union([z.string(), z.number().int()]).transform(String).pipe(z.string().min(1).max(200));

/** One update in FixMyStreet's `servicerequestupdates` shape, named by the commune's own `update_id`. */
export const ZStatusUpdate = z.object({
  update_id: ZIdentifier,
  service_request_id: ZIdentifier,
  status: z.string().min(1).max(100),
  updated_datetime: z.iso.datetime({ offset: true }),
  description: z
    .string()
    .max(4000)
    .nullish()
    .transform((d) => d ?? ''),
});
export type StatusUpdate = z.output<typeof ZStatusUpdate>;

export type UpdatesOutcome = { applied: number; duplicates: number; stale: number; unknown: number };

/**
 * The one way a Connecté commune's status updates reach the citizen, pushed or polled. Each is kept once per
 * (commune, update id), so a repeated push or overlapping polls change nothing; they are taken in the order they
 * happened at the commune, whatever the order they came in; one older than the latest applied to its request is kept
 * but not applied (`stale`); the others become a message of the commune on the request (requests'
 * `postAdministrationMessage`: the citizen's timeline and notification follow). An update kept whose message failed
 * is not retried later: it is kept, so the next push or poll sees a duplicate.
 */
export async function applyUpdates(
  services: Services,
  commune: ResolvedTenant,
  updates: readonly StatusUpdate[],
): Promise<UpdatesOutcome> {
  const outcome = { applied: 0, duplicates: 0, stale: 0, unknown: 0 };
  const receivedAt = services.clock.now();
  // In the order they happened, whatever the order they were sent in (compared as instants: offsets may differ; the
  // sort is stable, so updates of the same instant keep the order the commune's system gave them).
  const ordered = [...updates].sort((a, b) => Date.parse(a.updated_datetime) - Date.parse(b.updated_datetime));
  for (const update of ordered) {
    const delivery = await findDeliveryByReference(services.db, commune.id, update.service_request_id);
    if (!delivery) {
      outcome.unknown++;
      continue;
    }
    const at = new Date(update.updated_datetime);
    const recorded = await withTenant(services.db, delivery.tenant_id, async (trx) => {
      const latest = await latestAppliedUpdate(trx, delivery.id);
      const id = await insertUpdate(trx, {
        communeTenantId: commune.id,
        deliveryId: delivery.id,
        updateId: update.update_id,
        status: update.status,
        description: update.description,
        at,
        receivedAt,
      });
      return { id, stale: !!latest && latest.getTime() > at.getTime() };
    });
    if (!recorded.id) {
      outcome.duplicates++;
      continue;
    }
    if (recorded.stale) {
      outcome.stale++;
      continue;
    }
    const holder = await services.tenants.byId(delivery.tenant_id);
    if (!holder) continue;
    const posted = await postAdministrationMessage(services, {
      holder,
      requestId: delivery.request_id,
      actor: { userId: null, label: `Connecteur de ${commune.name}`, ip: null },
      authorLabel: commune.name,
      body: `Suivi par ${commune.name} : ${update.status}.${update.description ? `\n${update.description}` : ''}`,
    });
    if (posted.ok) {
      await withTenant(services.db, delivery.tenant_id, (trx) => markUpdateApplied(trx, recorded.id ?? ''));
      outcome.applied++;
    }
  }
  return outcome;
}
