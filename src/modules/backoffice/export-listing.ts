import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { ExportFormat } from '../../platform/exports/send-export.ts';
import type { ExportSheet } from '../../platform/exports/table-export.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { countInbox, listInboxForExport, type ProcessingActor } from '../requests/index.ts';
import { insertExport } from './backoffice.repo.ts';
import { exportJob } from './export.job.ts';
import { servicesHiddenFrom } from './team-visibility.ts';
import { viewQuery, type InboxQuery } from './inbox-query.ts';
import { exportFilename, MAX_EXPORT_ROWS, SYNC_EXPORT_LIMIT, sheetBuilder } from './export-sheet.ts';

export type RequestExportResult =
  | { kind: 'file'; sheet: ExportSheet; filename: string; format: ExportFormat }
  | { kind: 'queued'; exportId: string }
  | { kind: 'too-large'; count: number };

/**
 * An export of the listing the agent is looking at, whatever its filters: small ones at once, large
 * ones by a job whose progress the agent follows. Exports hold personal data: each is in the audit log.
 */
export async function requestExport(
  services: Services,
  options: {
    holder: ResolvedTenant;
    actor: ProcessingActor & { userId: string };
    query: InboxQuery;
    format: ExportFormat;
    syncLimit?: number;
  },
): Promise<RequestExportResult> {
  const { holder, actor, query, format } = options;
  const syncLimit = options.syncLimit ?? SYNC_EXPORT_LIMIT;
  const at = services.clock.now();
  // The export lists what the agent's inbox lists: another team's services are left out.
  const seen = { ...query, excludedEserviceIds: await servicesHiddenFrom(services, holder, actor) };
  const count = await withTenant(services.db, holder.id, (trx) => countInbox(trx, actor.userId, seen, MAX_EXPORT_ROWS));
  if (count > MAX_EXPORT_ROWS) return { kind: 'too-large', count };
  const filename = exportFilename(holder, at);
  if (count <= syncLimit) {
    const rows = await withTenant(services.db, holder.id, async (trx) => {
      const found = await listInboxForExport(trx, actor.userId, seen, query.sort, {
        offset: 0,
        limit: syncLimit,
      });
      await recordAudit(trx, {
        actor,
        tenantId: holder.id,
        action: 'request.export',
        details: { format, rows: found.length, query: viewQuery(query) },
        at,
      });
      return found;
    });
    return { kind: 'file', sheet: await (await sheetBuilder(services, query))(rows), filename, format };
  }
  const exportId = await withTenant(services.db, holder.id, async (trx) => {
    const row = await insertExport(trx, {
      requestedBy: actor.userId,
      format,
      query: viewQuery(query),
      total: count,
      filename,
      at,
    });
    await services.jobs.enqueue(
      trx,
      exportJob,
      { exportId: row.id },
      { tenantId: holder.id, dedupeKey: `export:${row.id}` },
    );
    await recordAudit(trx, {
      actor,
      tenantId: holder.id,
      action: 'request.export',
      target: { type: 'backoffice_export', id: row.id },
      details: { format, rows: count, query: viewQuery(query) },
      at,
    });
    return row.id;
  });
  return { kind: 'queued', exportId };
}
