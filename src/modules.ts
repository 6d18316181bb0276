import type { TablesOf } from './platform/app-module/app-module.ts';
import { identityModule } from './modules/identity/index.ts';
import { tenantsModule } from './modules/tenants/index.ts';
import { formsModule } from './modules/forms/index.ts';
import { workflowsModule } from './modules/workflows/index.ts';
import { catalogueModule } from './modules/catalogue/index.ts';
import { requestsModule } from './modules/requests/index.ts';
import { backofficeModule } from './modules/backoffice/index.ts';
import { connectorsModule } from './modules/connectors/index.ts';
import { reportsModule } from './modules/reports/index.ts';
import { agreementsModule } from './modules/agreements/index.ts';
import { billingModule } from './modules/billing/index.ts';
import { operationsModule } from './modules/operations/index.ts';
import { studioModule } from './modules/studio/index.ts';
import { offboardingModule } from './modules/offboarding/index.ts';
import { appointmentsModule } from './modules/appointments/index.ts';
import { supportModule } from './modules/support/index.ts';
import { opendataModule } from './modules/opendata/index.ts';
import { insightsModule } from './modules/insights/index.ts';
import { incidentsModule } from './modules/incidents/index.ts';
import { petaleModule } from './modules/petale/index.ts';
import { gisModule } from './modules/gis/index.ts';
import { privacyModule } from './modules/privacy/index.ts';
import { schoolModule } from './modules/school/index.ts';
import { classroomModule } from './modules/classroom/index.ts';
import { notificationsModule } from './modules/notifications/index.ts';
import { homeModule } from './modules/home/index.ts';

/**
 * Every domain module, lowest first: a module may import the `index.ts` of a module above it in this list, never
 * one below (the lint fails otherwise); a lower module tells a higher one something by a domain event. The
 * application's routes, the worker's jobs, the migrations and the database type all come from this list: adding a
 * module is creating its folder and adding it here.
 */
export const MODULES = [
  identityModule,
  tenantsModule,
  formsModule,
  workflowsModule,
  catalogueModule,
  requestsModule,
  backofficeModule,
  connectorsModule,
  reportsModule,
  agreementsModule,
  billingModule,
  operationsModule,
  studioModule,
  offboardingModule,
  appointmentsModule,
  supportModule,
  opendataModule,
  insightsModule,
  incidentsModule,
  petaleModule,
  gisModule,
  privacyModule,
  schoolModule,
  classroomModule,
  notificationsModule,
  homeModule,
] as const;

/** Every module's tables, as one type (joined with the platform's into `DB`). */
export type ModuleTables = TablesOf<typeof MODULES>;
