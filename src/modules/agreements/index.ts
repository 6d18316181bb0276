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
  crossTenantCases: async () => (await import('./agreements.cross-tenant.ts')).agreementsCases,
};

// What the modules above use of the agreements.

// The contract, as billing reads it.
export type { Agreement, AgreementAnnex } from './agreements.tables.ts';
export { listTenantsWithAnnexesIn } from './agreements.repo.ts';
export { offerOn } from './annex-periods.ts';
export { type AgreementFile, loadAgreementFile, loadContract } from './load-agreement-file.ts';
export { agreementTerminatedForBreach } from './agreements.events.ts';

// The pages that show an agreement with more than the agreement: their parts, and the file's forms and checklist.
export { loadAgreementsOverview } from './load-agreements-overview.ts';
export { agreementFileNotice } from './agreement-file-notice.ts';
export { countMinutesAwaitingAnswer } from './count-minutes-awaiting-answer.ts';
export { completeExecutedTask, listOpenTransitionTasks, updateTransitionTask } from './update-transition-task.ts';
export { EXECUTED_TASKS, type TaskCode } from './transition-checklist.ts';
export { fileCommuneOf, registerAgreementFileForm } from './agreement-file-form.ts';
export {
  CommuneFilePage,
  OperatorAgreementsPage,
  type OverviewColumn,
  taskError,
} from './views/operator-agreements.tsx';
export { CommuneAgreementPage } from './views/commune-pages.tsx';
export { type DateValues, FormPage, type FormValues, text } from './views/form-page.tsx';
export { serviceOfferLabel } from './views/labels.ts';
