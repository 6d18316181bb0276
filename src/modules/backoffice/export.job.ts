import { z } from 'zod';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { encodeExport } from '../../platform/exports/send-export.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import { defineJob } from '../../platform/jobs/job-definition.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { BackofficeExportRow } from './backoffice.tables.ts';
import { findExportById, updateExport } from './backoffice.repo.ts';
import { EXPORT_BATCH, MAX_EXPORT_ROWS, sheetBuilder } from './export-sheet.ts';
import { queryOfView } from './inbox-query.ts';
import {
  countInbox,
  gruPath,
  type InboxExportRow,
  listInboxForExport,
  listProcessingAgents,
} from '../requests/index.ts';
import { servicesHiddenFrom } from './team-visibility.ts';

/**
 * A large export: the listing read in batches, its progress saved after each so the agent can follow
 * it, then the file stored and the agent told by e-mail. Running it again starts over; the result is the same file.
 */
export const exportJob = defineJob({
  name: 'backoffice.export',
  queue: 'exports',
  schema: z.object({ exportId: z.uuid() }),
  maxAttempts: 3,
  async handler({ exportId }, { services, job }) {
    const row = await findExportById(services.db, exportId);
    if (!row || row.status === 'done') return;
    const holder = await services.tenants.byId(row.tenant_id);
    if (!holder) return;
    try {
      await buildExport(services, holder, row);
    } catch (error) {
      // The agent sees a failure rather than a progress bar that never moves again.
      if (job.attempts >= exportJob.maxAttempts) {
        await withTenant(services.db, holder.id, (trx) =>
          updateExport(trx, row.id, {
            status: 'failed',
            error: 'L’export a échoué ; réessayez, ou réduisez la liste avec des filtres.',
            finishedAt: services.clock.now(),
          }),
        );
      }
      throw error;
    }
  },
});

async function buildExport(services: Services, holder: ResolvedTenant, row: BackofficeExportRow): Promise<void> {
  // Another team's services are left out as the agent's inbox leaves them out now, by the roles they hold now.
  const requester = (await listProcessingAgents(services, holder)).find((a) => a.userId === row.requested_by);
  const query = {
    ...queryOfView(row.query),
    excludedEserviceIds: await servicesHiddenFrom(services, holder, {
      userId: row.requested_by,
      roles: requester?.roles ?? [],
    }),
  };
  const total = await withTenant(services.db, holder.id, (trx) =>
    countInbox(trx, row.requested_by, query, MAX_EXPORT_ROWS),
  );
  await withTenant(services.db, holder.id, (trx) => updateExport(trx, row.id, { status: 'running', done: 0, total }));
  const rows: InboxExportRow[] = [];
  for (let offset = 0; offset < total; offset += EXPORT_BATCH) {
    const batch = await withTenant(services.db, holder.id, (trx) =>
      listInboxForExport(trx, row.requested_by, query, query.sort, { offset, limit: EXPORT_BATCH }),
    );
    rows.push(...batch);
    await withTenant(services.db, holder.id, (trx) =>
      updateExport(trx, row.id, { done: Math.min(total, rows.length) }),
    );
    if (batch.length < EXPORT_BATCH) break;
  }
  const sheet = await (await sheetBuilder(services, query))(rows);
  const encoded = encodeExport(row.format, [sheet], { generatedAt: services.clock.now() });
  const stored = await services.files.put(encoded.bytes);
  const at = services.clock.now();
  await withTenant(services.db, holder.id, async (trx) => {
    const file = await insertStoredFile(trx, {
      tenantId: holder.id,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mediaType: encoded.mediaType,
      originalName: `${row.filename}.${encoded.extension}`,
      createdBy: row.requested_by,
      at,
    });
    await updateExport(trx, row.id, {
      status: 'done',
      done: rows.length,
      total: rows.length,
      storedFileId: file.id,
      finishedAt: at,
    });
    const agent = await findAccountById(trx, row.requested_by);
    if (agent) {
      await queueEmail(trx, services.jobs, {
        to: agent.email,
        tenantId: holder.id,
        dedupeKey: `export-ready:${row.id}`,
        content: {
          subject: `Votre export de ${rows.length} demandes est prêt`,
          greeting: `Bonjour ${agent.display_name},`,
          paragraphs: [
            `L’export que vous avez demandé (${rows.length} demandes, format ${row.format.toUpperCase()}) est prêt. Il contient des données personnelles : ne le conservez que le temps nécessaire.`,
          ],
          action: {
            label: 'Télécharger l’export',
            url: `${services.config.publicUrl}${gruPath(holder, `/exports/${row.id}`)}`,
          },
          signature: `Communs — ${holder.name}`,
        },
      });
    }
  });
}
