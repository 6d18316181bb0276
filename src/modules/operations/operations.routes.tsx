import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAuditEvents } from '../../platform/audit/audit.repo.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { countJobs, listFailedJobs } from '../../platform/jobs/jobs.repo.ts';
import { listOutbox, readOutboxMessage } from '../../platform/mail/mailer.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { retryJob } from './retry-job.ts';
import { AuditPage, JobsPage, OutboxMessagePage, OutboxPage } from './views/operations-pages.tsx';

const AUDIT_PAGE_SIZE = 50;

/** A message of the development outbox, named by its file (the mailer checks the name). */
const ZOutboxMessageParams = z.object({ id: z.string() });
/** A background job, by its number. */
const ZJobParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

/** The audit log's filters and page: a filter that does not fit is ignored, as if left out. */
const ZAuditQuery = z.object({
  collectivite: z.string().optional().catch(undefined),
  action: z
    .string()
    .regex(/^[a-z.-]{1,40}$/)
    .optional()
    .catch(undefined),
  avant: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .catch(undefined),
});

/** The notice after a retry (any value shows it). */
const ZJobsQuery = z.object({ relancee: z.string().optional().catch(undefined) });

/** The operators' console: development outbox, audit log, background jobs. */
export function registerOperationsRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/admin/courriels', async (request, reply) => {
    requireOperator(request);
    const messages = services.mailer.kind === 'outbox' ? await listOutbox(services.outboxDir) : [];
    return sendPage(request, reply, (context) => OutboxPage({ context, transport: services.mailer.kind, messages }));
  });

  app.get('/admin/courriels/:id', async (request, reply) => {
    requireOperator(request);
    const { id } = parseParams(ZOutboxMessageParams, request);
    const message = await readOutboxMessage(services.outboxDir, id);
    if (!message) throw notFound("Ce courriel n'existe pas.");
    return sendPage(request, reply, (context) =>
      OutboxMessagePage({ context, message: { ...message, hasHtml: !!message.html } }),
    );
  });

  app.get('/admin/courriels/:id/html', async (request, reply) => {
    requireOperator(request);
    const { id } = parseParams(ZOutboxMessageParams, request);
    const message = await readOutboxMessage(services.outboxDir, id);
    if (!message?.html) throw notFound("Ce courriel n'a pas de version HTML.");
    // The message's HTML is shown as the recipient would see it, sandboxed: no script, no request, no form.
    return reply
      .header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .type('text/html; charset=utf-8')
      .send(message.html);
  });

  app.get('/admin/journal', async (request, reply) => {
    requireOperator(request);
    const query = parseQuery(ZAuditQuery, request);
    const tenants = await services.tenants.all();
    const tenant = tenants.find((t) => t.slug === query.collectivite);
    const action = query.action ?? '';
    const before = query.avant;
    const events = await listAuditEvents(services.db, {
      tenantId: tenant?.id ?? null,
      ...(action ? { action } : {}),
      ...(before ? { before } : {}),
      limit: AUDIT_PAGE_SIZE + 1,
    });
    const page = events.slice(0, AUDIT_PAGE_SIZE);
    const last = page[page.length - 1];
    const nextParams = new URLSearchParams({
      ...(tenant ? { collectivite: tenant.slug } : {}),
      ...(action ? { action } : {}),
    });
    if (last) nextParams.set('avant', last.id);
    const names = new Map(tenants.map((t) => [t.id, t.name]));
    return sendPage(request, reply, (context) =>
      AuditPage({
        context,
        events: page.map((e) => ({
          at: e.occurred_at,
          actor: e.actor_label,
          tenant: e.tenant_id ? (names.get(e.tenant_id) ?? e.tenant_id) : '—',
          action: e.action,
          target: e.target_type ? `${e.target_type} ${e.target_id ?? ''}` : '—',
          details: Object.keys(e.details).length ? JSON.stringify(e.details) : '',
          ip: e.ip ?? '—',
        })),
        filters: { tenant: tenant?.slug ?? '', action },
        tenantChoices: tenants
          .filter((t) => !t.isTestInstance)
          .sort((a, b) => compareFrench(a.name, b.name))
          .map((t) => ({ value: t.slug, label: t.name })),
        nextHref: events.length > AUDIT_PAGE_SIZE ? `${request.basePath}/admin/journal?${nextParams.toString()}` : null,
      }),
    );
  });

  app.get('/admin/taches', async (request, reply) => {
    requireOperator(request);
    const [counts, failed] = await Promise.all([
      countJobs(services.db, services.clock.now()),
      listFailedJobs(services.db, 50),
    ]);
    const notice = parseQuery(ZJobsQuery, request).relancee ? 'La tâche est relancée.' : undefined;
    return sendPage(request, reply, (context) =>
      JobsPage({
        context,
        counts,
        failed: failed.map((j) => ({
          id: j.id,
          name: j.name,
          attempts: j.attempts,
          error: j.last_error ?? '',
          failedAt: j.failed_at,
        })),
        notice,
      }),
    );
  });

  app.post('/admin/taches/:id/relancer', async (request, reply) => {
    const user = requireOperator(request);
    const { id } = parseParams(ZJobParams, request);
    const retried = await retryJob(services, { id, actor: { userId: user.id, label: user.email, ip: request.ip } });
    if (!retried) throw notFound("Cette tâche n'existe pas ou n'est pas en échec.");
    return redirectWithin(request, reply, '/admin/taches?relancee=1');
  });
}
