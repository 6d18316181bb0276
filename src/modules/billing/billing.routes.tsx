import type { FastifyInstance } from 'fastify';
import type { ApiRegistry } from '../../platform/http/api.ts';
import { registerAgreementPagesRoutes } from './agreement-pages.routes.tsx';
import { registerSimulatorRoutes } from './billing-simulator.routes.tsx';
import { registerBillingYearRoutes } from './billing-year.routes.tsx';
import { registerContributionFormRoutes } from './contribution-forms.routes.tsx';
import { registerOrderRoutes } from './orders.routes.tsx';
import { registerSyntecRoutes } from './syntec.routes.tsx';

/**
 * Billing's screens and API: the year's orders and their exports, Syntec values, each order's page, the simulator
 * and its public JSON twin; and the pages that show the communes' agreements with their contributions.
 */
export function registerBillingRoutes(app: FastifyInstance, api: ApiRegistry): void {
  registerBillingYearRoutes(app);
  registerSyntecRoutes(app);
  registerOrderRoutes(app);
  registerSimulatorRoutes(app, api);
  registerAgreementPagesRoutes(app);
  registerContributionFormRoutes(app);
}
