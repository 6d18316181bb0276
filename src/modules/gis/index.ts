import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedGisDemo } from './demo/seed-gis-demo.ts';
import { registerGeocoderApi } from './geocoder.api.ts';
import { registerGisRoutes } from './gis.routes.tsx';
import type { GisTables } from './gis.tables.ts';
import { refreshLayersJob } from './refresh-layers.job.ts';
import * as m0540 from './migrations/0540_gis.ts';

/**
 * The GIS extranet for agents (themed layers, the map viewer and its attribute tables) and the address geocoder
 * (Base Adresse Locale imports, Photon-compatible API).
 */
export const gisModule: AppModule<GisTables> = {
  name: 'gis',
  migrations: { '0540_gis': m0540 },
  routes: async (app, api) => {
    registerGeocoderApi(app, api);
    registerGisRoutes(app);
  },
  jobs: [refreshLayersJob],
  seedDemo: seedGisDemo,
  crossTenantCases: async () => (await import('./gis.cross-tenant.ts')).gisCases,
};

// What the other modules use of gis.
export { geocode, type PhotonCollection, reverseGeocode } from './geocode.ts';
