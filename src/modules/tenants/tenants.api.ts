import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { notFound } from '../../platform/http/errors.ts';
import { tenantPath } from '../../platform/http/render.tsx';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findProductionCommune, productionCommunes, toodegoOfferOf, ZOffer } from './communes.ts';

/** A member commune as the API gives it: its identity, population and shared services. */
const ZCommune = z.object({
  slug: z.string(),
  name: z.string(),
  inseeCode: z.string(),
  siren: z.string(),
  population: z.number().int(),
  populationYear: z.number().int(),
  offers: z.object({
    toodego: ZOffer,
    laclasse: z.boolean(),
    opendata: z.boolean(),
    geonet: z.boolean(),
  }),
  url: z.string(),
});

function communeRow(t: ResolvedTenant): Omit<z.infer<typeof ZCommune>, 'url'> {
  return {
    slug: t.slug,
    name: t.name,
    inseeCode: t.insee_code ?? '',
    siren: t.siren ?? '',
    population: t.population ?? 0,
    populationYear: t.population_year ?? 0,
    offers: {
      toodego: toodegoOfferOf(t),
      laclasse: t.offers.subscriptions.laclasse === 'subscribed',
      opendata: t.offers.subscriptions.opendata === 'subscribed',
      geonet: t.offers.subscriptions.geonet === 'subscribed',
    },
  };
}

/** The public directory of member communes as JSON: GET /api/communes and /api/communes/{slug}. */
export function registerTenantsApi(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/communes',
      operationId: 'listCommunes',
      summary: 'Les communes membres et leurs services partagés',
      tag: 'Communes',
      access: 'public',
      query: z.object({ offre: ZOffer.optional().describe('Ne garder que les communes de cette offre Toodego') }),
      responses: {
        200: { description: 'Les communes, par ordre alphabétique', schema: z.object({ communes: z.array(ZCommune) }) },
      },
    },
    async (_request, _reply, { query }) => {
      const communes = (await productionCommunes(services))
        .filter((t) => !query.offre || toodegoOfferOf(t) === query.offre)
        .map((t) => ({ ...communeRow(t), url: `${services.config.publicUrl}${tenantPath(t.slug)}` }));
      return { communes };
    },
  );

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/communes/{slug}',
      operationId: 'getCommune',
      summary: 'Une commune membre et ses services partagés',
      tag: 'Communes',
      access: 'public',
      params: z.object({
        slug: z
          .string()
          .regex(/^[a-z0-9-]+$/, 'Identifiant de commune invalide')
          .describe('Identifiant de la commune, par exemple givors'),
      }),
      responses: {
        200: { description: 'La commune', schema: ZCommune },
        404: { description: 'Aucune commune de ce nom' },
      },
    },
    async (_request, _reply, { params }) => {
      const commune = await findProductionCommune(services, params.slug);
      if (!commune) throw notFound('Aucune commune ne porte cet identifiant.');
      return { ...communeRow(commune), url: `${services.config.publicUrl}${tenantPath(commune.slug)}` };
    },
  );
}
