import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import type { FastifyRequest } from 'fastify';
import { listServicesHandledBy } from '../catalogue/index.ts';
import { requireDpo } from './privacy.policy.ts';
import { dueRetention } from './retention.ts';
import { listRetentionRules } from './retention.repo.ts';
import { setRetentionRule, ZRetentionForm } from './set-retention-rule.ts';
import { RetentionPage } from './views/retention-page.tsx';

const ZDoneQuery = z.object({ fait: z.literal('oui').optional().catch(undefined) });

/** Retention as data (issue 17 §3): the instance's rules, their form, and what the daily job would do today. */
export function registerRetentionRoutes(app: FastifyInstance): void {
  const { services } = app;

  async function load(request: FastifyRequest) {
    const tenantId = request.tenant.id;
    const handled = await listServicesHandledBy(services.db, tenantId);
    const { rules, due } = await withTenant(services.db, tenantId, async (trx) => ({
      rules: await listRetentionRules(trx),
      due: await dueRetention(trx, services.clock.now()),
    }));
    return { services: handled, rules, due };
  }

  app.get('/admin/conservation', async (request, reply) => {
    requireDpo(request);
    const loaded = await load(request);
    const done = parseQuery(ZDoneQuery, request).fait === 'oui';
    return sendPage(request, reply, (context) => RetentionPage({ context, ...loaded, done, values: {}, errors: {} }));
  });

  app.post('/admin/conservation', async (request, reply) => {
    const { actor } = requireDpo(request);
    const loaded = await load(request);
    const form = parseForm(ZRetentionForm, request.body);
    const known = form.ok && (form.data.service === '' || loaded.services.some((s) => s.id === form.data.service));
    if (!form.ok || !known) {
      const values = formText(form.values);
      const errors = form.ok ? { service: 'Choisissez un service de la liste.' } : form.errors;
      return sendPage(
        request,
        reply,
        (context) => RetentionPage({ context, ...loaded, done: false, values, errors }),
        422,
      );
    }
    await setRetentionRule(services, {
      tenantId: request.tenant.id,
      eserviceId: form.data.service || null,
      form: form.data,
      actor,
    });
    return redirectWithin(request, reply, '/admin/conservation?fait=oui');
  });
}
