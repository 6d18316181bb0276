import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import type { DB, Tenant } from '../db/schema.ts';
import { ensureSubscription, SHARED_SERVICES, upsertTenant } from './tenancy.repo.ts';

/** The Métropole de Lyon in the national directory of EPCIs (DESIGN: Geography). */
export const METROPOLE_EPCI = '200046977';
/** Legal populations in @etalab/decoupage-administratif 6.0.0 are the ones in force on 1 January 2026. */
export const POPULATION_YEAR = 2026;

type EpciMember = { code: string; siren: string; nom: string; populationTotale: number; populationMunicipale: number };
type Epci = {
  code: string;
  nom: string;
  populationTotale: number;
  populationMunicipale: number;
  membres: EpciMember[];
};

export type CommuneRecord = {
  inseeCode: string;
  siren: string;
  name: string;
  slug: string;
  population: number;
  populationMunicipale: number;
};

/** "Rillieux-la-Pape" → "rillieux-la-pape", "Sainte-Foy-lès-Lyon" → "sainte-foy-les-lyon". */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function readMetropole(): { epci: Omit<Epci, 'membres'>; communes: CommuneRecord[] } {
  // The package is CommonJS JSON data; require() reads the one 4 MB file we need and nothing else.
  const require = createRequire(import.meta.url);
  const epcis = require('@etalab/decoupage-administratif/data/epci.json') as Epci[];
  const metropole = epcis.find((e) => e.code === METROPOLE_EPCI);
  if (!metropole) throw new Error(`EPCI ${METROPOLE_EPCI} absent de @etalab/decoupage-administratif`);
  const { membres, ...epci } = metropole;
  const communes = membres.map((m) => ({
    inseeCode: m.code,
    siren: m.siren,
    name: m.nom,
    slug: slugify(m.nom),
    population: m.populationTotale,
    populationMunicipale: m.populationMunicipale,
  }));
  return { epci, communes };
}

/**
 * Reference data, safe in production and idempotent: the metropolis, its member communes (names and populations
 * refreshed), and a subscription row per shared service that defaults to "none" and never overwrites a choice.
 */
export async function seedTenants(db: Kysely<DB>): Promise<{ metropole: Tenant; communes: Tenant[] }> {
  const { epci, communes } = readMetropole();
  return db.transaction().execute(async (trx) => {
    const metropole = await upsertTenant(trx, {
      slug: 'metropole',
      kind: 'metropole',
      name: epci.nom,
      insee_code: null,
      siren: epci.code,
      population: epci.populationTotale,
      population_municipale: epci.populationMunicipale,
      population_year: POPULATION_YEAR,
    });
    const seeded: Tenant[] = [];
    for (const commune of communes) {
      const tenant = await upsertTenant(trx, {
        slug: commune.slug,
        kind: 'commune',
        name: commune.name,
        insee_code: commune.inseeCode,
        siren: commune.siren,
        population: commune.population,
        population_municipale: commune.populationMunicipale,
        population_year: POPULATION_YEAR,
      });
      for (const service of SHARED_SERVICES) {
        await ensureSubscription(trx, { tenantId: tenant.id, service, offer: 'none' });
      }
      seeded.push(tenant);
    }
    return { metropole, communes: seeded };
  });
}
