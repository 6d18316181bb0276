import type { AppModule } from '../../platform/app-module/app-module.ts';
import type { ConnectorsTables } from './connectors.tables.ts';
import { registerConnectorRoutes } from './connectors.routes.tsx';
import { registerOpen311ClientRoutes } from './open311/open311-clients.routes.tsx';
import { registerOpen311Routes } from './open311/open311.routes.ts';
import { registerUpdateRoutes } from './updates.routes.ts';
import { deliverRequestJob } from './deliver-request.job.ts';
import * as m0570 from './migrations/0570_connectors.ts';
import * as m0572 from './migrations/0572_open311_client_hint.ts';
import { deliverRelayedRequest } from './on-request-relayed.ts';

/** Connected communes' own systems: requests handed to them (Open311 or signed webhook), our Open311 server. */
export const connectorsModule: AppModule<ConnectorsTables> = {
  name: 'connectors',
  migrations: { '0570_connectors': m0570, '0572_open311_client_hint': m0572 },
  routes: (app) => {
    registerConnectorRoutes(app);
    registerOpen311Routes(app);
    registerOpen311ClientRoutes(app);
    registerUpdateRoutes(app);
  },
  jobs: [deliverRequestJob],
  subscribers: [deliverRelayedRequest],
  crossTenantCases: async () => (await import('./connectors.cross-tenant.ts')).connectorsCases,
};
