import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { geocode, reverseGeocode } from './geocode.ts';

const TAG = 'Géocodage';

/** A coordinate a client may omit or get wrong without harm (the focus point): ignored when it does not fit. */
const optionalCoordinate = (min: number, max: number, what: string) =>
  z.coerce.number().min(min).max(max).optional().catch(undefined).describe(what);

const ZSearchQuery = z.object({
  q: z
    .string({ message: 'Le paramètre q (texte recherché) est obligatoire.' })
    .trim()
    .min(1, 'Le paramètre q (texte recherché) est obligatoire.')
    .max(200, 'Le texte recherché compte 200 caractères au plus.')
    .describe('Texte recherché : adresse ou voie, avec ou sans accents, même incomplet ou avec une faute de frappe.'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .catch(undefined)
    .describe('Nombre de résultats (1 à 50, 10 par défaut).'),
  lat: optionalCoordinate(
    -90,
    90,
    'Latitude du point de focalisation (WGS 84) : les résultats proches passent devant.',
  ),
  lon: optionalCoordinate(-180, 180, 'Longitude du point de focalisation (WGS 84).'),
});

const ZReverseQuery = z.object({
  lat: z.coerce
    .number({ message: 'La latitude (lat) doit être un nombre.' })
    .min(-90, 'La latitude (lat) est comprise entre -90 et 90.')
    .max(90, 'La latitude (lat) est comprise entre -90 et 90.')
    .describe('Latitude (WGS 84).'),
  lon: z.coerce
    .number({ message: 'La longitude (lon) doit être un nombre.' })
    .min(-180, 'La longitude (lon) est comprise entre -180 et 180.')
    .max(180, 'La longitude (lon) est comprise entre -180 et 180.')
    .describe('Longitude (WGS 84).'),
  radius: z.coerce
    .number()
    .min(0.001)
    .max(5)
    .optional()
    .catch(undefined)
    .describe('Rayon en kilomètres (0,5 par défaut, 5 au plus).'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .optional()
    .catch(undefined)
    .describe('Nombre de résultats (1 par défaut).'),
});

const ZFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        type: z.enum(['house', 'street']),
        name: z.string(),
        housenumber: z.string().optional(),
        street: z.string(),
        postcode: z.string().optional(),
        city: z.string(),
        citycode: z.string(),
        countrycode: z.string(),
        label: z.string(),
        id: z.string(),
        distance: z.number().optional().describe('Distance au point demandé, en mètres (géocodage inverse).'),
      }),
    }),
  ),
});

/**
 * The address geocoder, in Photon's dialect (`/api`, `/reverse`, GeoJSON FeatureCollection) over the communes' Base
 * Adresse Locale: public, for the citizens' address fields as much as for the agents' map, and rate-limited per
 * address like every public endpoint (autocomplete asks once per keystroke or so).
 */
export function registerGeocoderApi(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;
  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/geocodage/api',
      operationId: 'geocode',
      summary: 'Chercher une adresse (compatible Photon)',
      description:
        'Autocomplétion tolérante aux fautes et aux accents sur la Base Adresse Locale des communes. Réponse GeoJSON au format de Photon (komoot).',
      tag: TAG,
      access: 'public',
      rateLimitPerMinute: 600,
      query: ZSearchQuery,
      responses: {
        200: { description: 'Adresses trouvées', schema: ZFeatureCollection, contentType: 'application/geo+json' },
      },
    },
    async (_request, reply, { query }) => {
      const bias = query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : null;
      const result = await geocode(services.db, { q: query.q, limit: query.limit ?? 10, bias });
      return reply.type('application/geo+json; charset=utf-8').send(result);
    },
  );
  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/geocodage/reverse',
      operationId: 'reverseGeocode',
      summary: 'Adresse la plus proche d’un point (compatible Photon)',
      tag: TAG,
      access: 'public',
      rateLimitPerMinute: 600,
      query: ZReverseQuery,
      responses: {
        200: {
          description: 'Adresses les plus proches',
          schema: ZFeatureCollection,
          contentType: 'application/geo+json',
        },
      },
    },
    async (_request, reply, { query }) => {
      const result = await reverseGeocode(services.db, {
        lat: query.lat,
        lon: query.lon,
        radiusKm: query.radius ?? 0.5,
        limit: query.limit ?? 1,
      });
      return reply.type('application/geo+json; charset=utf-8').send(result);
    },
  );
}
