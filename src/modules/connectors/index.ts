import type { AppModule } from '../../platform/app-module/app-module.ts';
import type { ConnectorsTables } from './connectors.tables.ts';
import { registerConnectorRoutes } from './connectors.routes.tsx';
import { registerOpen311ClientRoutes } from './open311/open311-clients.routes.tsx';
import { registerOpen311Routes } from './open311/open311.routes.ts';
import { registerUpdateRoutes } from './updates.routes.ts';
import { deliverRequestJob } from './deliver-request.job.ts';
import * as m0570 from './migrations/0570_connectors.ts';
import * as m0571 from './migrations/0571_connector_polling.ts';
import * as m0572 from './migrations/0572_open311_client_hint.ts';
import { deliverRelayedRequest } from './on-request-relayed.ts';
import { pollUpdatesJob } from './poll-updates.job.ts';

/**
 * Connected communes' own systems: requests handed to them (Open311 or signed webhook), their status updates back
 * (pushed, or polled for a system that cannot push), our Open311 server.
 */
export const connectorsModule: AppModule<ConnectorsTables> = {
  name: 'connectors',
  migrations: {
    '0570_connectors': m0570,
    '0571_connector_polling': m0571,
    '0572_open311_client_hint': m0572,
  },
  routes: (app) => {
    registerConnectorRoutes(app);
    registerOpen311Routes(app);
    registerOpen311ClientRoutes(app);
    registerUpdateRoutes(app);
  },
  jobs: [deliverRequestJob, pollUpdatesJob],
  subscribers: [deliverRelayedRequest],
  crossTenantCases: async () => (await import('./connectors.cross-tenant.ts')).connectorsCases,
};
