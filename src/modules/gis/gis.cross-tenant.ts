import type { IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { setSubscription } from '../../platform/tenancy/tenancy.repo.ts';
import { insertBalImport } from './geocoder.repo.ts';

/**
 * The GIS extranet's routes: a commune's agents only, on their own instance; the layers' management is the
 * metropolis administrators'. Communes A and B subscribe to Geonet for these cases, and A has an import report.
 */
const scenes = new WeakMap<IsolationWorld, Promise<{ importOfA: string }>>();

function scene(world: IsolationWorld): Promise<{ importOfA: string }> {
  let built = scenes.get(world);
  if (!built) {
    built = (async () => {
      const { services } = world.t;
      for (const commune of [world.communeA, world.communeB])
        await setSubscription(services.db, {
          tenantId: commune.id,
          service: 'geonet',
          offer: 'subscribed',
          since: null,
          at: services.clock.now(),
        });
      services.tenants.invalidate();
      const importOfA = await withTenant(services.db, world.communeA.id, (trx) =>
        insertBalImport(trx, {
          communeInsee: '69091',
          communeName: 'Commune A',
          fileName: 'bal-a.csv',
          at: services.clock.now(),
          byLabel: 'admin A',
          validRows: 1,
          invalidRows: 0,
          report: { fileErrors: [], warnings: [], lines: [], truncated: false },
        }),
      );
      return { importOfA };
    })();
    scenes.set(world, built);
  }
  return built;
}

/** A page of A's GIS: B's agents and administrators, citizens and visitors never reach it. */
function agentsPage(path: string, method: 'GET' | 'POST' = 'GET', ownAgent: number | null = 200): IsolationCase {
  return {
    route: `${method} ${path.replace('demo', ':slug')}`,
    attempts: async (world) => {
      await scene(world);
      const url = `/c/${world.communeA.slug}${path}`;
      return [
        { as: 'agentOfB', method, url, expect: 404 },
        { as: 'adminOfB', method, url, expect: 404 },
        { as: 'citizen', method, url, expect: 404 },
        { as: 'operator', method, url, expect: 404 },
        ...(method === 'GET' ? [{ as: 'anonymous' as const, method, url, expect: 303 }] : []),
        ...(ownAgent ? [{ as: 'agentOfA' as const, method, url, expect: ownAgent }] : []),
      ];
    },
  };
}

/** The layers' management: the metropolis's administrators only; a commune's administrator gets 404 everywhere. */
function managementRoute(path: string, method: 'GET' | 'POST'): IsolationCase {
  return {
    route: `${method} ${path.replace('demo', ':slug')}`,
    attempts: async (world) => {
      await scene(world);
      return [
        { as: 'adminOfA', method, url: path, expect: 404 },
        { as: 'adminOfA', method, url: `/c/${world.communeA.slug}${path}`, expect: 404 },
        { as: 'operator', method, url: path, expect: 404 },
        { as: 'citizen', method, url: path, expect: 404 },
      ];
    },
  };
}

export const gisCases: IsolationCase[] = [
  agentsPage('/sig'),
  agentsPage('/sig/fond'),
  agentsPage('/sig/couches/demo', 'GET', 404),
  agentsPage('/sig/couches/demo/donnees', 'GET', 404),
  managementRoute('/sig/gestion', 'GET'),
  managementRoute('/sig/gestion', 'POST'),
  managementRoute('/sig/gestion/demo/actualiser', 'POST'),
  managementRoute('/sig/gestion/demo/supprimer', 'POST'),
  agentsPage('/sig/adresses', 'GET', 404),
  agentsPage('/sig/adresses', 'POST', 404),
  {
    route: 'GET /sig/adresses/imports/:id',
    attempts: async (world) => {
      const { importOfA } = await scene(world);
      return [
        {
          as: 'adminOfB',
          method: 'GET',
          url: `/c/${world.communeB.slug}/sig/adresses/imports/${importOfA}`,
          expect: 404,
        },
        {
          as: 'adminOfB',
          method: 'GET',
          url: `/c/${world.communeA.slug}/sig/adresses/imports/${importOfA}`,
          expect: 404,
        },
        {
          as: 'agentOfA',
          method: 'GET',
          url: `/c/${world.communeA.slug}/sig/adresses/imports/${importOfA}`,
          expect: 404,
        },
        {
          as: 'adminOfA',
          method: 'GET',
          url: `/c/${world.communeA.slug}/sig/adresses/imports/${importOfA}`,
          expect: 200,
        },
      ];
    },
  },
  { route: 'GET /geocodage/api', public: 'the address geocoder answers anyone from the public address register' },
  { route: 'GET /geocodage/reverse', public: 'the address geocoder answers anyone from the public address register' },
  {
    route: 'GET /carte/communes.geojson',
    public: 'the maps’ background: the communes’ outlines, public reference data, the same for every instance',
  },
];
