import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerCatalogueRoutes } from './catalogue.routes.tsx';
import type { CatalogueTables } from './catalogue.tables.ts';
import * as m0403 from './migrations/0403_catalogue_search_index.ts';
import { cachedThemesState } from './search-eservices.ts';

/** The e-services of the metropolis and the communes: settings, publication, search. */
export const catalogueModule: AppModule<CatalogueTables> = {
  name: 'catalogue',
  migrations: { '0403_catalogue_search_index': m0403 },
  routes: registerCatalogueRoutes,
  state: [cachedThemesState],
};
