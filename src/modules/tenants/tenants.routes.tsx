import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AuditActor } from '../../platform/audit/audit.repo.ts';
import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { type CurrentUser, isOperator } from '../../platform/auth/current-user.ts';
import type { SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { ApiRegistry } from '../../platform/http/api.ts';
import { notFound } from '../../platform/http/errors.ts';
import { asList, blankToUndefined, formFile, formText, parseForm } from '../../platform/http/forms.ts';
import { requireCapability, requireOperator, requireTenantAdministrator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath, themeVersion } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import {
  agentAccessManager,
  CAPABILITIES,
  capabilitiesOf,
  mayUse,
  TOODEGO_OFFER_LABELS,
} from '../../platform/tenancy/offers.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { foldForSearch } from '../../platform/views/format.ts';
import { METROPOLE_PRIMARY, themeContrastPairs, themeCustomProperties } from '../../platform/views/contrast.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import {
  findProductionCommune,
  OTHER_SERVICES,
  otherServicesOf,
  productionCommunes,
  toodegoOfferOf,
  ZOffer,
} from './communes.ts';
import { registerAgentRoutes } from './agents.routes.tsx';
import { registerTenantsApi } from './tenants.api.ts';
import { updateSubscriptions } from './update-subscriptions.ts';
import { publishTheme, updateTheme } from './update-theme.ts';
import { ThemePreviewPage } from './views/theme-preview-page.tsx';
import { CommuneAdminPage } from './views/commune-admin-page.tsx';
import { CommunesDirectoryPage } from './views/communes-directory.tsx';
import {
  OperatorCommunePage,
  OperatorCommunesPage,
  OperatorHomePage,
  type CommuneSubscriptionForm,
} from './views/operator-pages.tsx';
import { ThemePage } from './views/theme-page.tsx';

const ROLE_LABELS = { agent: 'agent', admin: 'administrateur', operator: 'opérateur' } as const;

const ZSubscriptionForm = z.object({
  toodego: ZOffer.catch('none' as const).pipe(ZOffer),
  services: z.preprocess(
    asList,
    z.array(z.enum(OTHER_SERVICES, { message: 'Choisissez parmi les services proposés' })),
  ),
  contactEmail: z.preprocess(
    blankToUndefined,
    z.email('Saisissez une adresse électronique valide, par exemple mairie@commune.fr').optional(),
  ),
  hostNames: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[\s,]+/)
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean)
        : [],
    z.array(
      z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
        message: "Chaque nom d'hôte doit ressembler à demarches.commune.fr",
      }),
    ),
  ),
});

/** The directory's filters: a search of at most 100 characters, an offer; one that does not fit is ignored. */
const ZDirectoryQuery = z.object({
  q: z
    .string()
    .transform((q) => q.slice(0, 100))
    .optional()
    .catch(undefined),
  offre: ZOffer.optional().catch(undefined),
});

/** The notice after a save (fait=1); any other value is ignored. */
const ZSavedQuery = z.object({ fait: z.string().optional().catch(undefined) });

/** A commune of the operators' console, by its slug. */
const ZCommuneParams = z.object({ slug: z.string() });

const ZThemeForm = z.object({
  primary: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Saisissez une couleur au format #rrggbb, par exemple #0b4f9c'),
  removeLogo: z.literal('oui').optional(),
});

function actorOf(request: FastifyRequest, user: CurrentUser): AuditActor {
  return { userId: user.id, label: user.email, ip: request.ip };
}

/** The directory of communes, each commune's administration, the operators' subscription pages, and their API. */
export function registerTenantRoutes(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;

  app.get('/communes', async (request, reply) => {
    if (request.tenant.kind !== 'metropole') throw notFound();
    const query = parseQuery(ZDirectoryQuery, request);
    const q = query.q ?? '';
    const offre = query.offre ?? '';
    const all = await productionCommunes(services);
    const needle = foldForSearch(q);
    const communes = all
      .filter((t) => !needle || foldForSearch(t.name).includes(needle))
      .filter((t) => !offre || toodegoOfferOf(t) === offre)
      .map((t) => ({
        name: t.name,
        slug: t.slug,
        inseeCode: t.insee_code ?? '',
        population: t.population ?? 0,
        toodego: TOODEGO_OFFER_LABELS[toodegoOfferOf(t)],
        services: otherServicesOf(t),
      }));
    const offerChoices = ZOffer.options.map((o) => ({ value: o, label: TOODEGO_OFFER_LABELS[o] }));
    return sendPage(request, reply, (context) =>
      CommunesDirectoryPage({ context, communes, total: all.length, filters: { q, offre }, offerChoices }),
    );
  });

  // /admin is the operators' console on the metropolis's instance, and a commune's administration on a commune's.
  app.get('/admin', async (request, reply) => {
    const { tenant } = request;
    if (tenant.kind === 'metropole') {
      requireOperator(request);
      return sendPage(request, reply, (context) => OperatorHomePage({ context }));
    }
    requireTenantAdministrator(request);
    const members = await withTenant(services.db, tenant.production.id, (trx) =>
      listTenantMembers(trx, tenant.production.id),
    );
    const testInstance = tenant.isTestInstance
      ? undefined
      : (await services.tenants.all()).find((t) => t.production_tenant_id === tenant.id);
    return sendPage(request, reply, (context) =>
      CommuneAdminPage({
        context,
        commune: { name: tenant.name, offer: TOODEGO_OFFER_LABELS[toodegoOfferOf(tenant)] },
        capabilities: capabilitiesOf(tenant.offers).map((c) => CAPABILITIES[c]),
        members: members.map((m) => ({
          displayName: m.displayName,
          email: m.email,
          roles: m.roles.map((r) => ROLE_LABELS[r]).join(', '),
          lastLoginAt: m.lastLoginAt,
        })),
        canTheme: mayUse(tenant.offers, 'instance.theme'),
        canBuild: mayUse(tenant.offers, 'instance.build-eservices'),
        canPickTurnkey: mayUse(tenant.offers, 'instance.turnkey-eservices'),
        canManageAgents:
          !tenant.isTestInstance &&
          (agentAccessManager(tenant.offers) === 'commune' ||
            (agentAccessManager(tenant.offers) === 'metropole' && isOperator(request.user))),
        canConnectPortal: mayUse(tenant.offers, 'identity.propagation'),
        canConnectOwnSystem: !tenant.isTestInstance && toodegoOfferOf(tenant) === 'connecte',
        canUseSchools: mayUse(tenant.offers, 'laclasse.workspace'),
        testInstanceHref:
          testInstance && mayUse(tenant.offers, 'instance.test-environment')
            ? tenantPath(testInstance.slug, '/admin')
            : null,
        productionHref: tenant.isTestInstance ? tenantPath(tenant.production.slug, '/admin') : null,
        agentsManagedBy: mayUse(tenant.offers, 'instance.manage-agents')
          ? 'commune'
          : mayUse(tenant.offers, 'gru.agents-managed-by-metropole')
            ? 'metropole'
            : null,
      }),
    );
  });

  app.get('/admin/apparence', async (request, reply) => {
    requireTenantAdministrator(request);
    requireCapability(request, 'instance.theme');
    const { tenant } = request;
    const saved = parseQuery(ZSavedQuery, request).fait === '1';
    return sendPage(request, reply, (context) =>
      ThemePage({
        context,
        values: { primary: tenant.theme.draft?.primary ?? tenant.theme.primary ?? METROPOLE_PRIMARY },
        hasLogo: !!tenant.theme.logoFileId,
        hasDraft: !!tenant.theme.draft,
        errors: {},
        saved,
      }),
    );
  });

  app.post('/admin/apparence', async (request, reply) => {
    const user = requireTenantAdministrator(request);
    requireCapability(request, 'instance.theme');
    const { tenant } = request;
    const form = parseForm(ZThemeForm, request.body);
    const upload = await formFile(request.body, 'logo');
    const redraw = (errors: Record<string, string>) =>
      sendPage(
        request,
        reply,
        (context) =>
          ThemePage({
            context,
            values: { primary: formText(form.values).primary ?? '' },
            hasLogo: !!tenant.theme.logoFileId,
            hasDraft: false,
            errors,
            saved: false,
          }),
        422,
      );
    if (!form.ok) return redraw(form.errors);
    const result = await updateTheme(services, {
      tenant,
      actor: actorOf(request, user),
      primary: form.data.primary,
      logo: upload && upload.bytes.byteLength > 0 ? upload : null,
      removeLogo: form.data.removeLogo === 'oui',
    });
    if (!result.ok) return redraw(result.errors);
    return redirectWithin(request, reply, '/admin/apparence/apercu');
  });

  app.get('/admin/apparence/apercu', async (request, reply) => {
    requireTenantAdministrator(request);
    requireCapability(request, 'instance.theme');
    const { tenant } = request;
    const draft = tenant.theme.draft;
    if (!draft) return redirectWithin(request, reply, '/admin/apparence');
    const version = themeVersion(draft);
    return sendPage(request, reply, (context) =>
      ThemePreviewPage({
        context,
        draft: {
          primary: draft.primary,
          logoUrl: draft.logoFileId ? `${request.basePath}/admin/apparence/apercu/logo?v=${version}` : null,
        },
        pairs: themeContrastPairs(draft.primary).map((p) => ({
          where: p.where,
          ratio: p.ratio.toFixed(2).replace('.', ','),
        })),
        stylesheetUrl: `${request.basePath}/admin/apparence/apercu.css?v=${version}`,
      }),
    );
  });

  // The draft's colours, scoped to the preview's sample: the rest of the page keeps the charter in force.
  app.get('/admin/apparence/apercu.css', async (request, reply) => {
    requireTenantAdministrator(request);
    requireCapability(request, 'instance.theme');
    const draft = request.tenant.theme.draft;
    void reply.type('text/css; charset=utf-8');
    return draft ? `.theme-preview {\n  ${themeCustomProperties(draft.primary)}\n}\n` : '';
  });

  app.get('/admin/apparence/apercu/logo', async (request, reply) => {
    requireTenantAdministrator(request);
    requireCapability(request, 'instance.theme');
    const fileId = request.tenant.theme.draft?.logoFileId;
    const file = fileId ? await findStoredFile(services.db, fileId) : undefined;
    const bytes = file ? await services.files.get(file.sha256) : undefined;
    if (!file || !bytes) throw notFound("L'aperçu n'a pas de logo.");
    return reply.header('x-content-type-options', 'nosniff').type(file.media_type).send(bytes);
  });

  app.post('/admin/apparence/publier', async (request, reply) => {
    const user = requireTenantAdministrator(request);
    requireCapability(request, 'instance.theme');
    const result = await publishTheme(services, { tenant: request.tenant, actor: actorOf(request, user) });
    if (!result.ok) return redirectWithin(request, reply, '/admin/apparence');
    return redirectWithin(request, reply, '/admin/apparence?fait=1');
  });

  app.get('/admin/communes', async (request, reply) => {
    requireOperator(request);
    const communes = (await productionCommunes(services)).map((t) => ({
      name: t.name,
      slug: t.slug,
      population: t.population ?? 0,
      toodego: TOODEGO_OFFER_LABELS[toodegoOfferOf(t)],
      services: otherServicesOf(t).join(', '),
    }));
    return sendPage(request, reply, (context) => OperatorCommunesPage({ context, communes }));
  });

  const findCommune = async (slug: string) => {
    const commune = await findProductionCommune(services, slug);
    if (!commune) throw notFound('Aucune commune ne porte ce nom.');
    return commune;
  };

  const subscriptionPage = (commune: ResolvedTenant, testInstanceSlug: string | null) => ({
    commune: {
      name: commune.name,
      slug: commune.slug,
      inseeCode: commune.insee_code,
      siren: commune.siren,
      population: commune.population,
    },
    testInstanceSlug,
  });

  app.get('/admin/communes/:slug', async (request, reply) => {
    requireOperator(request);
    const commune = await findCommune(parseParams(ZCommuneParams, request).slug);
    const testInstance = (await services.tenants.all()).find((t) => t.production_tenant_id === commune.id);
    const values: CommuneSubscriptionForm = {
      toodego: commune.offers.subscriptions.toodego ?? 'none',
      services: OTHER_SERVICES.filter((s) => commune.offers.subscriptions[s] === 'subscribed'),
      contactEmail: commune.contact_email ?? '',
      hostNames: commune.host_names.join('\n'),
    };
    const saved = parseQuery(ZSavedQuery, request).fait === '1';
    return sendPage(request, reply, (context) =>
      OperatorCommunePage({
        context,
        ...subscriptionPage(commune, testInstance?.slug ?? null),
        values,
        errors: {},
        saved,
      }),
    );
  });

  app.post('/admin/communes/:slug', async (request, reply) => {
    const user = requireOperator(request);
    const commune = await findCommune(parseParams(ZCommuneParams, request).slug);
    const form = parseForm(ZSubscriptionForm, request.body);
    const redraw = (errors: Record<string, string>) => {
      const sent = formText(form.values);
      const ticked = form.values.services;
      const values: CommuneSubscriptionForm = {
        toodego: sent.toodego ?? 'none',
        services: Array.isArray(ticked) ? ticked : ticked ? [ticked] : [],
        contactEmail: sent.contactEmail ?? '',
        hostNames: sent.hostNames ?? '',
      };
      return sendPage(
        request,
        reply,
        (context) => OperatorCommunePage({ context, ...subscriptionPage(commune, null), values, errors, saved: false }),
        422,
      );
    };
    if (!form.ok) return redraw(form.errors);
    const subscribed = new Set(form.data.services);
    const offer = (service: (typeof OTHER_SERVICES)[number]): SubscriptionOffer =>
      subscribed.has(service) ? 'subscribed' : 'none';
    const result = await updateSubscriptions(services, {
      tenant: commune,
      actor: actorOf(request, user),
      subscriptions: {
        toodego: form.data.toodego,
        laclasse: offer('laclasse'),
        opendata: offer('opendata'),
        geonet: offer('geonet'),
      },
      contactEmail: form.data.contactEmail ?? null,
      hostNames: form.data.hostNames,
    });
    if (!result.ok)
      return redraw({ hostNames: `Déjà utilisé par une autre instance : ${result.hostNamesTaken.join(', ')}` });
    return redirectWithin(request, reply, `/admin/communes/${commune.slug}?fait=1`);
  });

  registerAgentRoutes(app);
  registerTenantsApi(app, api);
}
