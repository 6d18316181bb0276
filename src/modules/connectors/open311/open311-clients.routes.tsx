import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditActor } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formText, parseForm } from '../../../platform/http/forms.ts';
import { requireOperator, requireTenantAdministrator } from '../../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../../platform/http/route-input.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { Open311ClientsPage, type Open311ClientsPageProps } from '../views/open311-clients-page.tsx';
import { createOpen311Client, ZOpen311ClientForm } from './create-open311-client.ts';
import { listOpen311Clients } from './open311-clients.repo.ts';
import { revokeOpen311ClientOf } from './revoke-open311-client.ts';

const PAGE = '/admin/open311';
const ZClientParams = z.object({ id: z.uuid() });
/** The client just revoked (revoque=<id>), for the outcome message; anything else is ignored. */
const ZRevokedQuery = z.object({ revoque: z.uuid().optional().catch(undefined) });

/**
 * Open311 keys belong to a commune or the metropolis, whatever the offer: a commune's administrators (and the
 * operators) on its production instance, the operators on the metropolis's. A test instance is no jurisdiction of our
 * server, so the page does not exist there.
 */
function requireOpen311Administrator(request: FastifyRequest): { actor: AuditActor; tenant: ResolvedTenant } {
  const { tenant } = request;
  if (tenant.isTestInstance) throw notFound();
  const user = tenant.kind === 'metropole' ? requireOperator(request) : requireTenantAdministrator(request);
  return { actor: { userId: user.id, label: user.email, ip: request.ip }, tenant };
}

/** The page where a commune (or the metropolis) issues and revokes its Open311 clients' API keys (issue 15 §3). */
export function registerOpen311ClientRoutes(app: FastifyInstance): void {
  const { services } = app;

  const pageProps = async (
    tenant: ResolvedTenant,
  ): Promise<Pick<Open311ClientsPageProps, 'clients' | 'requestsUrl' | 'jurisdictionId'>> => {
    const rows = await withTenant(services.db, tenant.id, (trx) => listOpen311Clients(trx));
    return {
      requestsUrl: `${services.config.publicUrl}/open311/v2/requests.json`,
      jurisdictionId: tenant.slug,
      clients: rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: r.created_at,
        last4: r.key_last4,
        revokedAt: r.revoked_at,
      })),
    };
  };

  app.get(PAGE, async (request, reply) => {
    const { tenant } = requireOpen311Administrator(request);
    const props = await pageProps(tenant);
    const revokedId = parseQuery(ZRevokedQuery, request).revoque;
    const revoked = props.clients.find((c) => c.id === revokedId && c.revokedAt);
    return sendPage(request, reply, (context) =>
      Open311ClientsPage({
        context,
        ...props,
        values: { name: '' },
        errors: {},
        created: null,
        revoked: revoked ? { name: revoked.name, last4: revoked.last4 } : null,
      }),
    );
  });

  // The key is in this answer only, not behind a redirect: it must never sit in an address, a log or a session.
  app.post(PAGE, async (request, reply) => {
    const { actor, tenant } = requireOpen311Administrator(request);
    const form = parseForm(ZOpen311ClientForm, request.body);
    if (!form.ok) {
      const props = await pageProps(tenant);
      return sendPage(
        request,
        reply,
        (context) =>
          Open311ClientsPage({
            context,
            ...props,
            values: { name: formText(form.values).name ?? '' },
            errors: form.errors,
            created: null,
            revoked: null,
          }),
        422,
      );
    }
    const { apiKey } = await createOpen311Client(services, { tenant, name: form.data.name, actor });
    const props = await pageProps(tenant);
    reply.header('cache-control', 'no-store');
    return sendPage(request, reply, (context) =>
      Open311ClientsPage({
        context,
        ...props,
        values: { name: '' },
        errors: {},
        created: { name: form.data.name, apiKey },
        revoked: null,
      }),
    );
  });

  app.post(`${PAGE}/:id/revocation`, async (request, reply) => {
    const { actor, tenant } = requireOpen311Administrator(request);
    const { id } = parseParams(ZClientParams, request);
    const outcome = await revokeOpen311ClientOf(services, { tenant, clientId: id, actor });
    // Another tenant's client, or none: as if the address did not exist (DESIGN invariant 1).
    if (!outcome.ok) throw notFound();
    return redirectWithin(request, reply, `${PAGE}?revoque=${id}`);
  });
}
