import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { deleteExpiredFederationRequests } from './federation/federation.repo.ts';
import { identityRuntime } from './identity-runtime.ts';
import { deleteExpiredTokens } from './identity.repo.ts';
import { deleteExpiredPayloads } from './oidc/oidc-store.repo.ts';
import { rotateSigningKeys } from './oidc/signing-keys.ts';
import { reviewInactiveAccounts } from './review-inactive-accounts.ts';
import { deleteExpiredTombstones } from './tombstones.repo.ts';

/** Once a day, warn and delete inactive accounts. */
export const inactivityReviewJob = defineRecurringJob({
  name: 'identity.inactivity-review',
  everyMinutes: 24 * 60,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    const result = await reviewInactiveAccounts(services);
    services.logger.info({ event: 'inactivity_review', ...result }, 'inactive accounts reviewed');
  },
});

/** Hourly: the provider's expired artefacts, spent links, old tombstones; and the signing keys' rotation schedule. */
export const identityHousekeepingJob = defineRecurringJob({
  name: 'identity.housekeeping',
  everyMinutes: 60,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    const now = services.clock.now();
    await deleteExpiredPayloads(services.db, now);
    await deleteExpiredTokens(services.db, now);
    await deleteExpiredFederationRequests(services.db, now);
    await deleteExpiredTombstones(services.db, now);
    await rotateSigningKeys(services, (await identityRuntime(services)).box);
  },
});
