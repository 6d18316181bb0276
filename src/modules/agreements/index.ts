import type { AppModule } from '../../platform/app-module/app-module.ts';
import { agreementsDailyJob, governanceDailyJob } from './agreements.jobs.ts';
import { registerAgreementsRoutes } from './agreements.routes.tsx';
import type { AgreementsTables } from './agreements.tables.ts';
import { seedAgreementsDemo } from './demo.ts';
import * as m0300 from './migrations/0300_agreements.ts';

/** The framework agreement of each commune, its annexes, amendments and notices, and the governance bodies. */
export const agreementsModule: AppModule<AgreementsTables> = {
  name: 'agreements',
  migrations: { '0300_agreements': m0300 },
  routes: registerAgreementsRoutes,
  jobs: [agreementsDailyJob, governanceDailyJob],
  seedDemo: seedAgreementsDemo,
  crossTenantCases: async () => (await import('../../../test/cross-tenant/agreements.cases.ts')).agreementsCases,
};

// What the modules above use of the agreements.
export { type AgreementTerminatedForBreach, agreementTerminatedForBreach } from './agreements.events.ts';
export type { Agreement, AgreementAnnex } from './agreements.tables.ts';
export { listAgreements, listAnnexes, listTenantsWithAnnexesIn } from './agreements.repo.ts';
export { offerOn } from './annex-periods.ts';
export { serviceOfferLabel } from './views/labels.ts';
