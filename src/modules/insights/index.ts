import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerInsightsRoutes } from './insights.routes.tsx';

/**
 * Usage statistics (T13, P3, P7): requests sent online, by commune, service and quarter, aggregated only, small
 * counts protected; a commune's own figures, the metropolis's for the yearly round table, CSV and ODS, open data.
 */
export const insightsModule: AppModule = {
  name: 'insights',
  routes: registerInsightsRoutes,
  crossTenantCases: async () => (await import('./insights.cross-tenant.ts')).insightsCases,
};

// What the modules above use of the statistics.
export { type Cell, cellText, protectSmallCounts, SMALL_COUNT_THRESHOLD } from './small-counts.ts';
export { productionCommunes } from './usage-statistics.ts';
