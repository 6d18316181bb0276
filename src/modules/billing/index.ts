import type { AppModule } from '../../platform/app-module/app-module.ts';
import { yearlyOrdersJob } from './billing.jobs.ts';
import { registerBillingRoutes } from './billing.routes.tsx';
import { refundOnMetropoleBreach } from './billing.subscribers.ts';
import type { BillingTables } from './billing.tables.ts';
import { seedBillingDemo } from './demo.ts';
import * as m0301 from './migrations/0301_billing.ts';

/** The communes' yearly contributions: tariffs, Syntec revision, revenue orders, the simulator. */
export const billingModule: AppModule<BillingTables> = {
  name: 'billing',
  migrations: { '0301_billing': m0301 },
  routes: registerBillingRoutes,
  jobs: [yearlyOrdersJob],
  subscribers: [refundOnMetropoleBreach],
  seedDemo: seedBillingDemo,
  crossTenantCases: async () => (await import('./billing.cross-tenant.ts')).billingCases,
};
