import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { sendDownload } from '../../platform/exports/index.ts';
import { answerRightsRequest } from './answer-rights-request.ts';
import { extendRightsRequest } from './extend-rights-request.ts';
import { requireDpo } from './privacy.policy.ts';
import { ZAnswerForm, ZExtensionForm, ZRightsForm } from './rights.ts';
import {
  findRightsRequest,
  findRightsRequestOfUser,
  listRightsQueue,
  listRightsRequestsOfUser,
} from './rights.repo.ts';
import { submitRightsRequest } from './submit-rights-request.ts';
import { DpoRightsRequestPage, RightsQueuePage } from './views/dpo-pages.tsx';
import { CitizenRightsRequestPage, RightsPage } from './views/rights-pages.tsx';

const ZId = z.object({ id: z.uuid() });
const ZSentQuery = z.object({ fait: z.enum(['envoyee']).optional().catch(undefined) });
const ZDoneQuery = z.object({ fait: z.enum(['prolongee', 'repondue']).optional().catch(undefined) });

/** Rights requests (issue 17 §1, P2): the citizen's form and follow-up, the officer's queue and answers. */
export function registerRightsRoutes(app: FastifyInstance): void {
  const { services } = app;

  const instanceName = async (tenantId: string) => (await services.tenants.byId(tenantId))?.name ?? '—';

  async function rightsPage(userId: string) {
    const rows = await listRightsRequestsOfUser(services.db, userId);
    return Promise.all(rows.map(async (r) => ({ ...r, instance: await instanceName(r.tenant_id) })));
  }

  app.get('/compte/droits', async (request, reply) => {
    const user = requireUser(request);
    const requests = await rightsPage(user.id);
    return sendPage(request, reply, (context) => RightsPage({ context, requests, values: {}, errors: {} }));
  });

  app.post('/compte/droits', async (request, reply) => {
    const user = requireUser(request);
    const form = parseForm(ZRightsForm, request.body);
    if (!form.ok) {
      const requests = await rightsPage(user.id);
      return sendPage(
        request,
        reply,
        (context) => RightsPage({ context, requests, values: formText(form.values), errors: form.errors }),
        422,
      );
    }
    const row = await submitRightsRequest(services, {
      tenant: request.tenant,
      user: { id: user.id, email: user.email, displayName: user.displayName },
      form: form.data,
      ip: request.ip,
    });
    return redirectWithin(request, reply, `/compte/droits/${row.id}?fait=envoyee`);
  });

  app.get('/compte/droits/:id', async (request, reply) => {
    const user = requireUser(request);
    const row = await findRightsRequestOfUser(services.db, user.id, parseParams(ZId, request).id);
    if (!row) throw notFound();
    const instance = await instanceName(row.tenant_id);
    const sent = parseQuery(ZSentQuery, request).fait === 'envoyee';
    return sendPage(request, reply, (context) => CitizenRightsRequestPage({ context, request: row, instance, sent }));
  });

  app.get('/compte/droits/:id/donnees.zip', async (request, reply) => {
    const user = requireUser(request);
    const row = await findRightsRequestOfUser(services.db, user.id, parseParams(ZId, request).id);
    if (!row?.export_file_id) throw notFound();
    const file = await findStoredFile(services.db, row.export_file_id);
    const bytes = file ? await services.files.get(file.sha256) : undefined;
    if (!file || !bytes) throw notFound('Cette copie de vos données n’est plus disponible.');
    return sendDownload(reply, { name: file.original_name, mediaType: 'application/zip', bytes });
  });

  app.get('/admin/droits', async (request, reply) => {
    requireDpo(request);
    const requests = await withTenant(services.db, request.tenant.id, (trx) => listRightsQueue(trx));
    const now = services.clock.now();
    return sendPage(request, reply, (context) => RightsQueuePage({ context, requests, now }));
  });

  const loadForDpo = async (tenantId: string, id: string) => {
    const row = await withTenant(services.db, tenantId, (trx) => findRightsRequest(trx, id));
    if (!row) throw notFound();
    return row;
  };

  app.get('/admin/droits/:id', async (request, reply) => {
    requireDpo(request);
    const row = await loadForDpo(request.tenant.id, parseParams(ZId, request).id);
    const done = parseQuery(ZDoneQuery, request).fait ?? null;
    const now = services.clock.now();
    return sendPage(request, reply, (context) =>
      DpoRightsRequestPage({ context, request: row, now, done, values: {}, errors: {}, sent: null }),
    );
  });

  /**
   * An officer's act on a request (extend, answer): its form is parsed, redrawn with its errors on the request's page,
   * or the act is done; a refusal the act gives is a French 409 (or a 404 for a request that is not there).
   */
  function officerAct<S extends z.ZodType, R extends string>(
    path: string,
    schema: S,
    done: 'prolongee' | 'repondue',
    act: (
      input: { tenant: FastifyRequest['tenant']; id: string; actor: AuditActor },
      form: z.output<S>,
    ) => Promise<{ ok: true } | { ok: false; reason: 'not-found' | R }>,
    refusals: Record<R, string>,
  ): void {
    const sent = path === 'prolongation' ? 'prolongation' : 'reponse';
    app.post(`/admin/droits/:id/${path}`, async (request, reply) => {
      const { actor } = requireDpo(request);
      const { id } = parseParams(ZId, request);
      const form = parseForm(schema, request.body);
      if (!form.ok) {
        const row = await loadForDpo(request.tenant.id, id);
        const [values, errors, now] = [formText(form.values), form.errors, services.clock.now()];
        return sendPage(
          request,
          reply,
          (context) => DpoRightsRequestPage({ context, request: row, now, done: null, values, errors, sent }),
          422,
        );
      }
      const outcome = await act({ tenant: request.tenant, id, actor }, form.data);
      if (!outcome.ok) {
        if (outcome.reason === 'not-found') throw notFound();
        throw new AppError('conflict', refusals[outcome.reason as R]);
      }
      return redirectWithin(request, reply, `/admin/droits/${id}?fait=${done}`);
    });
  }

  officerAct(
    'prolongation',
    ZExtensionForm,
    'prolongee',
    (input, form) => extendRightsRequest(services, { ...input, reason: form.motif }),
    {
      'too-late': 'Le premier mois est écoulé : la prolongation devait être notifiée avant son échéance.',
      'not-open': 'Le délai de cette demande a déjà été prolongé, ou elle a reçu sa réponse.',
    },
  );

  officerAct('reponse', ZAnswerForm, 'repondue', (input, form) => answerRightsRequest(services, { ...input, form }), {
    answered: 'Cette demande a déjà reçu sa réponse.',
    'no-account': 'Le compte de cette personne n’existe plus : sa copie de données ne peut être faite.',
  });
}
