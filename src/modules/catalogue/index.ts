import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerCatalogueRoutes } from './catalogue.routes.tsx';
import type { CatalogueTables } from './catalogue.tables.ts';
import * as m0403 from './migrations/0403_catalogue_search_index.ts';
import * as m0501 from './migrations/0501_eservice_offline_message.ts';
import * as m0561 from './migrations/0561_turnkey_catalogue.ts';
import * as m0563 from './migrations/0563_eservice_team.ts';
import { cachedThemesState } from './search-eservices.ts';

/** The e-services of the metropolis and the communes: settings, publication, search. */
export const catalogueModule: AppModule<CatalogueTables> = {
  name: 'catalogue',
  migrations: {
    '0403_catalogue_search_index': m0403,
    '0501_eservice_offline_message': m0501,
    '0561_turnkey_catalogue': m0561,
    '0563_eservice_team': m0563,
  },
  routes: registerCatalogueRoutes,
  state: [cachedThemesState],
  crossTenantCases: async () => (await import('./catalogue.cross-tenant.ts')).catalogueCases,
};

// What the other modules use of catalogue.
export { applyWorkflow } from './apply-workflow.ts';
export {
  findEServiceById,
  findEServiceOfTenant,
  findEServicesByIds,
  listEServiceWorkflows,
  listServicesHandledBy,
  listTenantEServices,
} from './catalogue.repo.ts';
export { type EServiceRow } from './catalogue.tables.ts';
export { listServicesOutsideTeamsOf, listTeamOf } from './service-teams.repo.ts';
export {
  ACCESS_LABELS,
  type EServiceSettings,
  type EServiceSettingsInput,
  LEGAL_KIND_LABELS,
  type LegalRegime,
  type Office,
  parseSettings,
  ZEServiceSettings,
} from './eservice-settings.ts';
export { eservicePath, type Provider, providerOf } from './provider.ts';
export {
  assertEditable,
  InvalidEServiceError,
  isTurnkeyInstance,
  publishEService,
  type PublishEServiceOptions,
  TURNKEY_LOCKED_MESSAGE,
} from './publish-eservice.ts';
export { curateTurnkey } from './curate-turnkey.ts';
export { detachTurnkeyInstances } from './detach-turnkey-instances.ts';
export { instantiateTurnkey } from './instantiate-turnkey.ts';
export { takeEServicesOffline } from './take-eservices-offline.ts';
export { syncTurnkeyInstances } from './sync-turnkey-instances.ts';
export { resolveEService } from './resolve-eservice.ts';
export { setEServiceAvailability } from './set-eservice-availability.ts';
export { type CatalogueEntry, catalogueThemes, searchEServices } from './search-eservices.ts';
export { ProviderBadge } from './views/provider-badge.tsx';
