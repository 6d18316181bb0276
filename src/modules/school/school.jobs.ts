import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { forgetExpiredAssertions, listSchoolsToPurge, purgeSchoolDirectory } from './schools.repo.ts';

/**
 * Daily: deletes the directory of schools closed or merged three months ago (their statistics stay, they name
 * nobody), and forgets the EduConnect replay keys of long-expired responses.
 */
export const schoolDailyJob = defineRecurringJob({
  name: 'school.daily',
  everyMinutes: 24 * 60,
  schema: z.object({ slot: z.string() }),
  handler: async (_payload, { services }) => {
    const now = services.clock.now();
    for (const school of await listSchoolsToPurge(services.db, parisDay(now)))
      await withTenant(services.db, school.tenant_id, (trx) => purgeSchoolDirectory(trx, school.id));
    await forgetExpiredAssertions(services.db, now);
  },
});
