import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isOperator } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { sendDownload } from '../../platform/exports/send-export.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import { requireTenantAdministrator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { EXECUTED_TASKS, listOpenTransitionTasks, type TaskCode } from '../agreements/index.ts';
import { listTenantEServices } from '../catalogue/index.ts';
import { gruRequestPath, listPendingRequests } from '../requests/index.ts';
import { findArchive, listArchives } from './archives.repo.ts';
import { decommissionInstance, startArchive, transferEServices } from './exit-actions.ts';
import { ArchivePage, ExitPage } from './views/exit-pages.tsx';

const ZIdParams = z.object({ id: z.uuid() });
const ZNoticeQuery = z.object({ fait: z.enum(['hors-ligne', 'transfert']).optional().catch(undefined) });

const NOTICES = {
  'hors-ligne': 'Les démarches de la commune sont hors ligne ; les tâches correspondantes sont marquées faites.',
  transfert: 'Les démarches clé-en-main sont devenues des démarches de la commune, modifiables.',
} as const;

/** Seconds between two reloads of an archive's progress page (the Refresh header: no script needed). */
const REFRESH_SECONDS = 3;

/** A commune's exit and change of offer: its administrators and the operators, on its production instance only. */
function requireExitAccess(request: FastifyRequest) {
  const user = requireTenantAdministrator(request);
  if (request.tenant.kind !== 'commune' || request.tenant.isTestInstance) throw notFound();
  return { user, actor: { userId: user.id, label: user.email, ip: request.ip }, operator: isOperator(user) };
}

/** The exit page, its archives, and the operators' acts (decommissioning, transfer of turnkey services). */
export function registerOffboardingRoutes(app: FastifyInstance): void {
  const { services } = app;

  const showExit = async (request: FastifyRequest, reply: FastifyReply, refusal: string | null, status = 200) => {
    const access = requireExitAccess(request);
    const commune = request.tenant;
    const { tasks, pending, archives, instances } = await withTenant(services.db, commune.id, async (trx) => ({
      tasks: await listOpenTransitionTasks(trx),
      pending: await listPendingRequests(trx),
      archives: await listArchives(trx),
      instances: (await listTenantEServices(trx)).filter((e) => e.model_eservice_id !== null),
    }));
    const fait = status === 200 ? parseQuery(ZNoticeQuery, request).fait : undefined;
    return sendPage(
      request,
      reply,
      (context) =>
        ExitPage({
          context,
          communeName: commune.name,
          isOperator: access.operator,
          tasks: tasks.map((t) => ({
            label: t.label,
            dueOn: t.due_on,
            executedHere: EXECUTED_TASKS.has(t.code as TaskCode),
          })),
          pending: pending.map((p) => ({
            number: p.number,
            status: p.status,
            submittedAt: p.submitted_at,
            href: gruRequestPath(commune, p.id),
          })),
          archives,
          turnkeyInstances: instances.length,
          notice: fait ? NOTICES[fait] : null,
          refusal,
        }),
      status,
    );
  };

  app.get('/admin/sortie', async (request, reply) => showExit(request, reply, null));

  app.post('/admin/sortie/archives', async (request, reply) => {
    const { actor } = requireExitAccess(request);
    const archive = await startArchive(services, { commune: request.tenant, actor });
    return redirectWithin(request, reply, `/admin/sortie/archives/${archive.id}`);
  });

  const ownArchive = async (request: FastifyRequest) => {
    requireExitAccess(request);
    const { id } = parseParams(ZIdParams, request);
    const archive = await withTenant(services.db, request.tenant.id, (trx) => findArchive(trx, id));
    if (!archive) throw notFound("Cette archive n'existe pas.");
    return archive;
  };

  app.get('/admin/sortie/archives/:id', async (request, reply) => {
    const archive = await ownArchive(request);
    if (archive.status === 'pending' || archive.status === 'running')
      void reply.header('refresh', String(REFRESH_SECONDS));
    return sendPage(request, reply, (context) => ArchivePage({ context, archive }));
  });

  app.get('/admin/sortie/archives/:id/fichier', async (request, reply) => {
    const archive = await ownArchive(request);
    const file = archive.stored_file_id
      ? await withTenant(services.db, request.tenant.id, (trx) => findStoredFile(trx, archive.stored_file_id as string))
      : undefined;
    const bytes = file ? await services.files.get(file.sha256) : undefined;
    if (!file || !bytes) throw notFound("Cette archive n'est pas encore prête.");
    return sendDownload(reply, { name: file.original_name, mediaType: file.media_type, bytes });
  });

  const requireOperatorHere = (request: FastifyRequest) => {
    const access = requireExitAccess(request);
    if (!access.operator) throw notFound();
    return access;
  };

  app.post('/admin/sortie/hors-ligne', async (request, reply) => {
    const { actor } = requireOperatorHere(request);
    const result = await decommissionInstance(services, { commune: request.tenant, actor });
    if (!result.ok)
      return showExit(
        request,
        reply,
        `Impossible de mettre les démarches hors ligne : ${result.pending} demande${result.pending > 1 ? 's sont' : ' est'} encore en cours. La commune doit les clore ou les transmettre d'abord.`,
        409,
      );
    return redirectWithin(request, reply, '/admin/sortie?fait=hors-ligne');
  });

  app.post('/admin/sortie/transfert', async (request, reply) => {
    const { actor } = requireOperatorHere(request);
    await transferEServices(services, { commune: request.tenant, actor });
    return redirectWithin(request, reply, '/admin/sortie?fait=transfert');
  });
}
