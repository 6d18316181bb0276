import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import { notFound } from '../../platform/http/errors.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseBody, parseParams } from '../../platform/http/route-input.ts';
import { EXPORT_FORMATS, sendDownload, sendExport } from '../../platform/exports/send-export.ts';
import { formatNumber } from '../../platform/views/format.ts';
import { requireAgent } from './backoffice-access.ts';
import { findExport, listExports } from './backoffice.repo.ts';
import { computeStatistics } from './compute-statistics.ts';
import { MAX_EXPORT_ROWS } from './export-sheet.ts';
import { requestExport } from './export-listing.ts';
import { filtersOf } from './inbox-query.ts';
import { renderInbox } from './inbox.routes.tsx';
import { ZIdParams } from './input-schemas.ts';
import { ExportProgressPage, ExportsPage, exportProgressText } from './views/exports-pages.tsx';
import { StatisticsPage } from './views/statistics-page.tsx';

/** The format asked for; without a known one, the spreadsheet (ODS). */
const ZExportForm = z.object({ format: z.enum(EXPORT_FORMATS).catch('ods') });

/** Statistics and exports of the back-office. */
export function registerReportRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/gru/statistiques', async (request, reply) => {
    const access = requireAgent(request);
    const stats = await computeStatistics(services, access.holder);
    return sendPage(request, reply, (context) => StatisticsPage({ context, tenantName: access.holder.name, stats }));
  });

  app.post('/gru/exports', async (request, reply) => {
    const access = requireAgent(request);
    const query = filtersOf(request.body);
    const { format } = parseBody(ZExportForm, request);
    const result = await requestExport(services, {
      holder: access.holder,
      actor: { ...access.actor, userId: access.user.id },
      query: { ...query, roles: access.roles },
      format,
    });
    if (result.kind === 'file')
      return sendExport(reply, {
        format: result.format,
        filename: result.filename,
        sheets: [result.sheet],
        generatedAt: services.clock.now(),
      });
    if (result.kind === 'queued') return redirectWithin(request, reply, `/gru/exports/${result.exportId}`);
    return renderInbox(request, reply, access, query, {
      status: 422,
      notice: {
        kind: 'warning',
        title: `Cette liste compte plus de ${formatNumber(MAX_EXPORT_ROWS)} demandes : réduisez-la avec les filtres avant de l’exporter.`,
        lines: [],
      },
    });
  });

  app.get('/gru/exports', async (request, reply) => {
    const access = requireAgent(request);
    const exports = await withTenant(services.db, access.holder.id, (trx) => listExports(trx, access.user.id));
    return sendPage(request, reply, (context) => ExportsPage({ context, exports }));
  });

  const ownExport = async (request: FastifyRequest) => {
    const access = requireAgent(request);
    const { id } = parseParams(ZIdParams, request);
    const row = await withTenant(services.db, access.holder.id, (trx) => findExport(trx, id, access.user.id));
    if (!row) throw notFound("Cet export n'existe pas ou n'est pas le vôtre.");
    return { access, row };
  };

  app.get('/gru/exports/:id', async (request, reply) => {
    const { row } = await ownExport(request);
    // The enhancement script asks for JSON; a person gets the page.
    if ((request.headers.accept ?? '').startsWith('application/json')) {
      return reply.send({ status: row.status, done: row.done, total: row.total, text: exportProgressText(row) });
    }
    return sendPage(request, reply, (context) => ExportProgressPage({ context, exportRow: row }));
  });

  app.get('/gru/exports/:id/fichier', async (request, reply) => {
    const { access, row } = await ownExport(request);
    const file = row.stored_file_id
      ? await withTenant(services.db, access.holder.id, (trx) => findStoredFile(trx, row.stored_file_id as string))
      : undefined;
    const bytes = file ? await services.files.get(file.sha256) : undefined;
    if (!file || !bytes) throw notFound("Ce fichier n'est pas encore prêt.");
    return sendDownload(reply, { name: file.original_name, mediaType: file.media_type, bytes });
  });
}
