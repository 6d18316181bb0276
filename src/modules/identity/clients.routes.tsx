import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { asList, blankToUndefined, formText, parseForm } from '../../platform/http/forms.ts';
import { requireCapability, requireOperator, requireTenantAdministrator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { findClient, listClients, listTenantClients } from './clients.repo.ts';
import type { OidcClientRow } from './identity.tables.ts';
import { regenerateClientSecret, setClientState } from './manage-client.ts';
import { CLIENT_SCOPES } from './oidc/claims.ts';
import { oidcIssuer } from './oidc/provider.ts';
import { registerClient } from './register-client.ts';
import { ClientDetailPage, type ClientFormValues, ClientFormPage, ClientListPage } from './views/clients-pages.tsx';
import { KitPage } from './views/kit-page.tsx';

const lines = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(/[\r\n]+/)
        .map((l) => l.trim())
        .filter(Boolean)
    : [];

const ZClientForm = z.object({
  tenantId: z.string().optional(),
  name: z.string().trim().min(1, 'Indiquez le nom du portail'),
  redirectUris: z.preprocess(lines, z.array(z.string().max(500)).min(1, 'Indiquez au moins une adresse de retour')),
  postLogoutRedirectUris: z.preprocess(lines, z.array(z.string().max(500))),
  backchannelLogoutUri: z.preprocess(blankToUndefined, z.string().trim().max(500).optional()),
  scopes: z.preprocess(asList, z.array(z.enum(CLIENT_SCOPES, { message: 'Choisissez parmi les portées proposées' }))),
  serviceApi: z.literal('oui').optional(),
});

/** A portal, by its client id. */
const ZClientParams = z.object({ clientId: z.string() });

/** The notice after a change (one of NOTICES; any other value is ignored). */
const ZNoticeQuery = z.object({ fait: z.string().optional().catch(undefined) });

const NOTICES: Record<string, string> = {
  demande: 'La demande est enregistrée : un opérateur de la Métropole va l’examiner.',
  approuve: 'Le portail est approuvé. L’administrateur de la commune peut générer son secret.',
  desactive: 'Le portail est désactivé : ses jetons ne fonctionnent plus.',
};

/**
 * The connection kit. On the metropolis's instance, operators register and approve portals for any
 * collectivity; on a commune's instance, its administrators request theirs and generate secrets once approved.
 */
export function registerClientRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** Who manages portals here: an operator on the metropolis's instance, a commune's administrator on its own. */
  const manager = (request: FastifyRequest) => {
    if (request.tenant.kind === 'metropole') return { user: requireOperator(request), operator: true };
    const user = requireTenantAdministrator(request);
    requireCapability(request, 'identity.propagation');
    return { user, operator: false };
  };
  const actorOf = (request: FastifyRequest): AuditActor => ({
    userId: request.user?.id ?? null,
    label: request.user?.email ?? '',
    ip: request.ip,
  });

  /** A portal this person may see: any for an operator on the metropolis's instance, else only this tenant's (404). */
  const visibleClient = async (request: FastifyRequest, operator: boolean): Promise<OidcClientRow> => {
    const id = parseParams(ZClientParams, request).clientId;
    const client = operator
      ? await findClient(services.db, id)
      : await withTenant(services.db, request.tenant.id, (trx) => findClient(trx, id));
    if (!client || (!operator && client.tenant_id !== request.tenant.id))
      throw notFound('Aucun portail ne porte cet identifiant.');
    return client;
  };

  const detail = async (client: OidcClientRow) => ({
    id: client.id,
    name: client.name,
    tenantName: (await services.tenants.byId(client.tenant_id))?.name ?? '',
    status: client.status,
    redirectUris: client.redirect_uris,
    createdAt: client.created_at,
    hasSecret: !!client.secret_ciphertext,
    postLogoutRedirectUris: client.post_logout_redirect_uris,
    backchannelLogoutUri: client.backchannel_logout_uri,
    scopes: client.scopes,
    serviceApi: client.service_api,
    secretCreatedAt: client.secret_created_at,
  });

  const tenantChoices = async () =>
    (await services.tenants.all())
      .filter((t) => !t.isTestInstance)
      .sort((a, b) => (a.kind === b.kind ? compareFrench(a.name, b.name) : a.kind === 'metropole' ? -1 : 1))
      .map((t) => ({ value: t.id, label: t.name }));

  app.get('/identite/kit', async (request, reply) => {
    const demo =
      services.config.env === 'production'
        ? null
        : { clientId: 'demo-portal', redirectUri: 'http://localhost:4000/callback' };
    return sendPage(request, reply, (context) =>
      KitPage({ context, issuer: oidcIssuer(services), apiBase: `${services.config.publicUrl}/api/identity`, demo }),
    );
  });

  app.get('/admin/identite', async (request, reply) => {
    const { operator } = manager(request);
    const rows = operator
      ? await listClients(services.db)
      : await withTenant(services.db, request.tenant.id, listTenantClients);
    const clients = await Promise.all(rows.map(detail));
    clients.sort((a, b) =>
      (a.status === 'pending') === (b.status === 'pending')
        ? compareFrench(a.name, b.name)
        : a.status === 'pending'
          ? -1
          : 1,
    );
    return sendPage(request, reply, (context) => ClientListPage({ context, clients, operator }));
  });

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    operator: boolean,
    values: ClientFormValues,
    errors: Record<string, string>,
    status = 200,
  ) => {
    const tenants = operator ? await tenantChoices() : null;
    return sendPage(request, reply, (context) => ClientFormPage({ context, values, errors, tenants }), status);
  };

  app.get('/admin/identite/nouveau', async (request, reply) => {
    const { operator } = manager(request);
    return formPage(request, reply, operator, { scopes: ['profile', 'email'] }, {});
  });

  app.post('/admin/identite/nouveau', async (request, reply) => {
    const { operator } = manager(request);
    const form = parseForm(ZClientForm, request.body);
    const sent = formText(form.values);
    const ticked = form.values.scopes;
    const values: ClientFormValues = {
      tenantId: sent.tenantId ?? '',
      name: sent.name ?? '',
      redirectUris: sent.redirectUris ?? '',
      postLogoutRedirectUris: sent.postLogoutRedirectUris ?? '',
      backchannelLogoutUri: sent.backchannelLogoutUri ?? '',
      scopes: Array.isArray(ticked) ? ticked : ticked ? [ticked] : [],
      serviceApi: sent.serviceApi === 'oui',
    };
    if (!form.ok) return formPage(request, reply, operator, values, form.errors, 422);
    const tenant = operator ? await services.tenants.byId(form.data.tenantId ?? '') : request.tenant;
    if (!tenant || (operator && tenant.isTestInstance))
      return formPage(request, reply, operator, values, { tenantId: 'Choisissez la collectivité du portail' }, 422);
    const result = await registerClient(services, {
      tenant,
      actor: actorOf(request),
      name: form.data.name,
      redirectUris: form.data.redirectUris,
      postLogoutRedirectUris: form.data.postLogoutRedirectUris,
      backchannelLogoutUri: form.data.backchannelLogoutUri ?? null,
      scopes: form.data.scopes,
      serviceApi: form.data.serviceApi === 'oui',
      approved: operator,
    });
    if (!result.ok) return formPage(request, reply, operator, values, result.errors, 422);
    if (!result.secret) return redirectWithin(request, reply, `/admin/identite/${result.client.id}?fait=demande`);
    // The secret is shown in this response only: no redirect, nothing cached.
    void reply.header('cache-control', 'no-store');
    const client = await detail(result.client);
    return sendPage(
      request,
      reply,
      (context) => ClientDetailPage({ context, client, operator, issuer: oidcIssuer(services), secret: result.secret }),
      201,
    );
  });

  app.get('/admin/identite/:clientId', async (request, reply) => {
    const { operator } = manager(request);
    const client = await detail(await visibleClient(request, operator));
    const { fait } = parseQuery(ZNoticeQuery, request);
    return sendPage(request, reply, (context) =>
      ClientDetailPage({
        context,
        client,
        operator,
        issuer: oidcIssuer(services),
        secret: null,
        notice: fait === undefined ? undefined : NOTICES[fait],
      }),
    );
  });

  app.post('/admin/identite/:clientId/approbation', async (request, reply) => {
    requireOperator(request);
    const client = await visibleClient(request, true);
    await setClientState(services, { client, status: 'active', actor: actorOf(request) });
    return redirectWithin(request, reply, `/admin/identite/${client.id}?fait=approuve`);
  });

  app.post('/admin/identite/:clientId/desactivation', async (request, reply) => {
    requireOperator(request);
    const client = await visibleClient(request, true);
    await setClientState(services, { client, status: 'disabled', actor: actorOf(request) });
    return redirectWithin(request, reply, `/admin/identite/${client.id}?fait=desactive`);
  });

  app.post('/admin/identite/:clientId/secret', async (request, reply) => {
    const { operator } = manager(request);
    const found = await visibleClient(request, operator);
    if (found.status !== 'active') throw notFound('Ce portail n’est pas actif : il n’a pas de secret.');
    const secret = await regenerateClientSecret(services, { client: found, actor: actorOf(request) });
    void reply.header('cache-control', 'no-store');
    const client = await detail((await findClient(services.db, found.id)) ?? found);
    return sendPage(request, reply, (context) =>
      ClientDetailPage({ context, client, operator, issuer: oidcIssuer(services), secret }),
    );
  });
}
