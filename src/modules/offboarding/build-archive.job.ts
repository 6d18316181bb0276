import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { defineJob } from '../../platform/jobs/job-definition.ts';
import { completeExecutedTask } from '../agreements/index.ts';
import { findArchive, updateArchive } from './archives.repo.ts';
import { buildArchive } from './build-archive.ts';

/**
 * Builds a commune's exit archive in the background (a large commune has tens of thousands of requests), then marks
 * the checklist's « récupérer les données » done. Running it again builds the same archive from the start.
 */
export const buildArchiveJob = defineJob({
  name: 'offboarding.build-archive',
  queue: 'exports',
  schema: z.object({ tenantId: z.uuid(), archiveId: z.uuid() }),
  maxAttempts: 3,
  async handler({ tenantId, archiveId }, { services, job }) {
    const commune = await services.tenants.byId(tenantId);
    if (!commune) return;
    const archive = await withTenant(services.db, tenantId, (trx) => findArchive(trx, archiveId));
    if (!archive || archive.status === 'done') return;
    try {
      await buildArchive(services, commune, archive);
    } catch (error) {
      // The page then says it failed instead of showing a bar that never moves again.
      if (job.attempts >= buildArchiveJob.maxAttempts)
        await withTenant(services.db, tenantId, (trx) =>
          updateArchive(trx, archiveId, {
            status: 'failed',
            error: 'La préparation de l’archive a échoué : relancez-la ; si l’échec se répète, prévenez le support.',
            finishedAt: services.clock.now(),
          }),
        );
      throw error;
    }
    await withTenant(services.db, tenantId, (trx) =>
      completeExecutedTask(trx, {
        code: 'export_instance_data',
        actor: { userId: archive.requested_by, label: archive.requested_by_label, ip: null },
        at: services.clock.now(),
      }),
    );
  },
});
