import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import type { Services } from '../../platform/services.ts';
import { applyRetention, type RetentionSummary } from './retention.ts';
import { listTenantsWithRules } from './retention.repo.ts';

/** Every instance with retention rules, each in its own scope and transaction. */
export async function applyAllRetention(services: Services): Promise<RetentionSummary> {
  const total: RetentionSummary = { anonymised: [], purged: [], simulated: [] };
  for (const tenantId of await listTenantsWithRules(services.db)) {
    const summary = await applyRetention(services, tenantId);
    total.anonymised.push(...summary.anonymised);
    total.purged.push(...summary.purged);
    total.simulated.push(...summary.simulated);
  }
  return total;
}

/** Daily: retention as data — what each instance's rules have due is anonymised, purged, or listed (dry run). */
export const retentionJob = defineRecurringJob({
  name: 'privacy.retention',
  everyMinutes: 24 * 60,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    const summary = await applyAllRetention(services);
    services.logger.info(
      {
        event: 'retention',
        anonymised: summary.anonymised.length,
        purged: summary.purged.length,
        simulated: summary.simulated.length,
      },
      'retention applied',
    );
  },
});
