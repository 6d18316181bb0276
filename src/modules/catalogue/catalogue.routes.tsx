import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { notFound } from '../../platform/http/errors.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import { loadFormVersion } from '../forms/index.ts';
import type { EServiceRow } from './catalogue.tables.ts';
import { parseSettings } from './eservice-settings.ts';
import { eservicePath, type Provider, providerOf } from './provider.ts';
import { resolveEService } from './resolve-eservice.ts';
import { catalogueThemes, searchEServices } from './search-eservices.ts';
import { CataloguePage } from './views/catalogue-page.tsx';
import { registerTurnkeyRoutes } from './turnkey.routes.tsx';
import { registerAgentServicesRoutes } from './agent-services.routes.tsx';

const ZProvider = z.object({
  slug: z.string(),
  name: z.string(),
  kind: z.enum(['metropole', 'commune']),
  logoUrl: z.string().nullable().describe('Logo du fournisseur (PNG, JPEG ou WebP), ou null'),
});

export const ZServiceSummary = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  themes: z.array(z.string()),
  keywords: z.array(z.string()),
  access: z
    .enum(['anonymous', 'account', 'certified'])
    .describe('anonymous : sans compte ; account : compte ; certified : identité certifiée FranceConnect'),
  mutualised: z
    .boolean()
    .describe("Service mutualisé : orienté vers l'administration compétente selon le lieu et la catégorie"),
  kind: z.enum(['demande', 'signalement', 'declaration']),
  provider: ZProvider,
  url: z.string().describe('Page du service'),
  requestsUrl: z.string().describe('Où déposer une demande (POST)'),
});

function summaryOf(publicUrl: string, eservice: EServiceRow, provider: Provider): z.infer<typeof ZServiceSummary> {
  const path = eservicePath(provider, eservice.slug);
  return {
    slug: eservice.slug,
    title: eservice.title,
    summary: eservice.summary,
    themes: eservice.themes,
    keywords: eservice.keywords,
    access: eservice.access,
    mutualised: eservice.mutualised,
    kind: parseSettings(eservice).legal.kind,
    provider: {
      slug: provider.slug,
      name: provider.name,
      kind: provider.kind,
      logoUrl: provider.logoUrl ? `${publicUrl}${provider.logoUrl}` : null,
    },
    url: `${publicUrl}${path}`,
    requestsUrl: `${publicUrl}${provider.base}/api/services/${eservice.slug}/requests`,
  };
}

/** What is searched, and a theme to keep (both echoed back, so bounded). */
const CatalogueQuery = z.object({
  q: z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, 200)),
  theme: z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, 100)),
});

/** The catalogue: search page, service pages, and their public JSON API. */
export function registerCatalogueRoutes(app: FastifyInstance, api: ApiRegistry): void {
  registerTurnkeyRoutes(app);
  registerAgentServicesRoutes(app);
  const { services } = app;

  app.get('/demarches', async (request, reply) => {
    const { q, theme } = parseQuery(CatalogueQuery, request);
    const [entries, themes] = await Promise.all([
      searchEServices(services, { browsing: request.tenant, q, theme: theme || undefined }),
      catalogueThemes(services),
    ]);
    return sendPage(request, reply, (context) =>
      CataloguePage({
        context,
        q,
        theme,
        themes,
        items: entries.map((e) => ({
          title: e.eservice.title,
          summary: e.eservice.summary,
          path: e.path,
          provider: e.provider,
          access: e.eservice.access,
          mutualised: e.eservice.mutualised,
        })),
      }),
    );
  });

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/services',
      operationId: 'searchServices',
      summary: 'Rechercher une démarche, quel que soit son fournisseur',
      description:
        'Recherche en français, tolérante aux accents et aux fautes de frappe. Sans `q`, toutes les démarches. Chaque démarche indique son fournisseur (nom, logo).',
      tag: 'Démarches',
      access: 'public',
      query: z.object({
        q: z
          .string()
          .max(200, 'La recherche fait 200 caractères au plus')
          .optional()
          .describe('Texte recherché, par exemple « etat civil » ou « eclairage »'),
        theme: z.string().max(100).optional().describe('Ne garder que les démarches de ce thème'),
      }),
      responses: {
        200: {
          description: 'Les démarches trouvées, les plus pertinentes d’abord',
          schema: z.object({ services: z.array(ZServiceSummary) }),
        },
      },
    },
    async (request, _reply, { query }) => {
      const entries = await searchEServices(services, {
        browsing: request.tenant,
        q: query.q ?? '',
        theme: query.theme,
      });
      return { services: entries.map((e) => summaryOf(services.config.publicUrl, e.eservice, e.provider)) };
    },
  );

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/services/{slug}',
      operationId: 'getService',
      summary: 'Une démarche et son formulaire (version publiée)',
      tag: 'Démarches',
      access: 'public',
      params: z.object({
        slug: z
          .string()
          .regex(/^[a-z0-9-]+$/, 'Identifiant de démarche invalide')
          .describe('Identifiant de la démarche'),
      }),
      responses: {
        200: {
          description: 'La démarche, son fournisseur et la définition de son formulaire',
          schema: ZServiceSummary.extend({
            description: z.string(),
            form: z.object({ version: z.number().int(), definition: z.unknown() }),
          }),
        },
        404: { description: 'Aucune démarche de ce nom' },
      },
    },
    async (request, _reply, { params }) => {
      const found = await resolveEService(services, request.tenant, params.slug);
      if (!found?.eservice.published_form_version_id) throw notFound('Aucune démarche ne porte cet identifiant.');
      const form = await loadFormVersion(services.db, found.eservice.published_form_version_id);
      return {
        ...summaryOf(services.config.publicUrl, found.eservice, providerOf(found.provider)),
        description: found.eservice.description,
        form: { version: form.version, definition: form.definition },
      };
    },
  );
}
