import { randomBytes, randomInt } from 'node:crypto';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import type { ToodegoOffer } from '../src/platform/db/schema.ts';
import type { Services } from '../src/platform/services.ts';
import {
  ensureSubscription,
  SHARED_SERVICES,
  setSubscription,
  upsertTenant,
} from '../src/platform/tenancy/tenancy.repo.ts';
import type { ResolvedTenant } from '../src/platform/tenancy/tenant-directory.ts';
import type { EServiceSettingsInput } from '../src/modules/catalogue/eservice-settings.ts';
import { publishEService } from '../src/modules/catalogue/publish-eservice.ts';
import type { FormDefinitionInput } from '../src/modules/forms/form-definition.ts';
import { importCommuneBoundaries } from '../src/modules/requests/routing/commune-boundaries.ts';
import { upsertCommuneContact } from '../src/modules/requests/routing/geography.repo.ts';

/**
 * Counter test data. Every test file builds its own communes, with INSEE codes of its own (never a French commune's)
 * and boundaries far out at sea, so files run in parallel on one database.
 */
const unique = () => randomBytes(4).toString('hex');

/**
 * A square of 0.01° somewhere in the South Atlantic, drawn among a million: test files running at once on one
 * database must not draw overlapping squares (a point would then fall in another file's commune).
 */
function freshBox(): {
  west: number;
  south: number;
  east: number;
  north: number;
  inside: { lat: number; lon: number };
} {
  const index = randomInt(0, 1_000_000);
  const west = -30 + (index % 1000) * 0.02;
  const south = -40 + Math.floor(index / 1000) * 0.02;
  return { west, south, east: west + 0.01, north: south + 0.01, inside: { lat: south + 0.005, lon: west + 0.005 } };
}

function squareFeature(code: string, name: string, box: { west: number; south: number; east: number; north: number }) {
  const { west, south, east, north } = box;
  return {
    type: 'Feature',
    properties: { code, nom: name },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
          [west, south],
        ],
      ],
    },
  };
}

/**
 * A code of the INSEE shape that no French commune has (a letter in second place outside Corsica's 2A/2B), among
 * 16 000, and that no tenant or boundary of this database uses yet: test files share the database.
 */
async function freshInsee(services: Services): Promise<string> {
  for (;;) {
    const code = `${'013456789'[randomInt(0, 9)]}${randomInt(0, 2) ? 'A' : 'B'}${String(randomInt(0, 1000)).padStart(3, '0')}`;
    const tenant = await services.db
      .selectFrom('tenant')
      .select('id')
      .where('insee_code', '=', code)
      .executeTakeFirst();
    const boundary = await services.db
      .selectFrom('commune_boundary')
      .select('insee_code')
      .where('insee_code', '=', code)
      .executeTakeFirst();
    if (!tenant && !boundary) return code;
  }
}

export type GeoCommune = {
  tenant: ResolvedTenant | null;
  inseeCode: string;
  name: string;
  point: { lat: number; lon: number };
  contactEmail: string | null;
};

/**
 * A commune with a boundary (and a contact address unless `contact: false`): a member tenant with the given Toodego
 * offer, or, with `member: false`, a commune outside the metropolis (no tenant at all).
 */
export async function buildGeoCommune(
  services: Services,
  options: { offer?: ToodegoOffer; member?: boolean; contact?: boolean } = {},
): Promise<GeoCommune> {
  const id = unique();
  const box = freshBox();
  let inseeCode = await freshInsee(services);
  const name = `Commune ${id}`;
  let tenant: ResolvedTenant | null = null;
  if (options.member !== false) {
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await upsertTenant(services.db, {
          slug: `geo-${id}`,
          kind: 'commune',
          name,
          insee_code: inseeCode,
          siren: null,
          population: 1000,
          population_municipale: 1000,
          population_year: 2026,
        });
        for (const service of SHARED_SERVICES)
          await ensureSubscription(services.db, { tenantId: row.id, service, offer: 'none' });
        if (options.offer && options.offer !== 'none')
          await setSubscription(services.db, {
            tenantId: row.id,
            service: 'toodego',
            offer: options.offer,
            since: null,
            at: services.clock.now(),
          });
        break;
      } catch (error) {
        // Another file took this code: draw another.
        if (attempt > 20) throw error;
        inseeCode = await freshInsee(services);
      }
    }
    services.tenants.invalidate();
    tenant = (await services.tenants.bySlug(`geo-${id}`)) ?? null;
  }
  await importCommuneBoundaries(
    services.db,
    { type: 'FeatureCollection', features: [squareFeature(inseeCode, name, box)] },
    { source: 'test', at: services.clock.now() },
  );
  const contactEmail = options.contact === false ? null : `mairie.${id}@example.org`;
  if (contactEmail) {
    await upsertCommuneContact(services.db, {
      inseeCode,
      name,
      officeName: `Mairie de ${name}`,
      email: contactEmail,
      phone: '04 00 00 00 00',
      postalAddress: `1 place de la Mairie, ${name}`,
      source: 'test',
      at: services.clock.now(),
    });
  }
  return { tenant, inseeCode, name, point: box.inside, contactEmail };
}

export const REPORT_FORM: FormDefinitionInput = {
  title: 'Le problème',
  fields: [
    {
      type: 'choice',
      key: 'categorie',
      label: 'Catégorie',
      options: [
        { value: 'voirie', label: 'Voirie' },
        { value: 'eclairage', label: 'Éclairage public' },
      ],
    },
    { type: 'textarea', key: 'description', label: 'Description', maxLength: 500 },
    { type: 'file', key: 'photo', label: 'Photo', required: false, accept: ['image'] },
    { type: 'pageBreak', key: 'page_lieu', title: 'Le lieu' },
    { type: 'mapPoint', key: 'lieu', label: 'Lieu' },
  ],
};

export const REPORT_SETTINGS: EServiceSettingsInput = {
  office: { name: 'Relation usagers', email: 'usagers@example.org', phone: '04 78 00 00 00' },
  legal: { kind: 'signalement' },
  routing: {
    mode: 'territorial',
    locationField: 'lieu',
    categoryField: 'categorie',
    rules: [
      {
        id: 'voirie',
        label: 'Voirie',
        categories: ['voirie'],
        competence: 'metropole',
        office: { name: 'Direction de la voirie', email: 'voirie@example.org', phone: '04 78 00 00 01' },
      },
      { id: 'eclairage', label: 'Éclairage public', categories: ['eclairage'], competence: 'commune' },
    ],
  },
};

/** A published e-service with a slug of its own. */
export async function buildEService(
  services: Services,
  provider: ResolvedTenant,
  options: {
    form: FormDefinitionInput;
    settings: EServiceSettingsInput;
    access?: 'anonymous' | 'account' | 'certified';
    mutualised?: boolean;
    title?: string;
    keywords?: string[];
    themes?: string[];
  },
) {
  const slug = `service-${unique()}`;
  const published = await publishEService(services, {
    provider,
    actor: SYSTEM_ACTOR,
    slug,
    title: options.title ?? `Service de test ${slug}`,
    summary: 'Un service de test.',
    description: 'Un service créé par un test.',
    themes: options.themes ?? ['Tests'],
    keywords: options.keywords ?? [],
    access: options.access ?? 'anonymous',
    mutualised: options.mutualised ?? false,
    settings: options.settings,
    form: options.form,
  });
  return { slug, ...published };
}
