import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerOperationsRoutes } from './operations.routes.tsx';

/** The operators' console: the development outboxes, the audit log, the background jobs. */
export const operationsModule: AppModule = {
  name: 'operations',
  routes: registerOperationsRoutes,
  crossTenantCases: async () => (await import('./operations.cross-tenant.ts')).operationsCases,
};
