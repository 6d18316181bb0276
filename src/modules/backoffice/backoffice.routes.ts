import type { FastifyInstance } from 'fastify';
import type { ApiRegistry } from '../../platform/http/api.ts';
import { registerBackofficeApi } from './backoffice.api.ts';
import { registerInboxRoutes } from './inbox.routes.tsx';
import { registerReportRoutes } from './reports.routes.tsx';
import { registerRequestRoutes } from './request.routes.tsx';
import { registerRerouteRoutes } from './reroute.routes.tsx';
import { registerSettingsRoutes } from './settings.routes.tsx';

/** The back-office (GRU): the agents' pages under /gru and their JSON API under /api/gru. */
export function registerBackofficeRoutes(app: FastifyInstance, api: ApiRegistry): void {
  registerInboxRoutes(app);
  registerRequestRoutes(app);
  registerRerouteRoutes(app);
  registerReportRoutes(app);
  registerSettingsRoutes(app);
  registerBackofficeApi(app, api);
}
