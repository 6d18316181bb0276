import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedOpendataDemo } from './demo.ts';
import { loadResourceJob } from './load-resource.job.ts';
import * as m0530 from './migrations/0530_opendata.ts';
import { registerOgcRoutes } from './ogc.routes.tsx';
import { registerPortalRoutes } from './opendata.routes.tsx';
import type { OpendataTables } from './opendata.tables.ts';
import { listResourceFileHashes } from './opendata.repo.ts';
import { registerProducerRoutes } from './producer.routes.tsx';
import { stalenessDailyJob } from './staleness.ts';

/** The open-data portal: datasets, previews, downloads, OGC API – Features, DCAT-AP, commune portals, widget. */
export const opendataModule: AppModule<OpendataTables> = {
  name: 'opendata',
  migrations: { '0530_opendata': m0530 },
  routes: (app, api) => {
    registerPortalRoutes(app, api);
    registerProducerRoutes(app);
    registerOgcRoutes(app);
  },
  jobs: [loadResourceJob, stalenessDailyJob],
  seedDemo: seedOpendataDemo,
  heldFileHashes: listResourceFileHashes,
  crossTenantCases: async () => (await import('./opendata.cross-tenant.ts')).opendataCases,
};

// What the modules above use of the open data (the GIS module's layers).
export {
  type FeatureCollection,
  type GeographicDataset,
  listGeographicDatasets,
  readDatasetFeatures,
} from './geographic.ts';
// What the modules above publish through the portal (the usage statistics of insights).
export { addResource } from './add-resource.ts';
export { listDatasetsOfProducer } from './opendata.repo.ts';
export { createDataset, datasetFormWith, setPublished } from './save-dataset.ts';
