import { subscribe } from '../../platform/events/domain-events.ts';
import { requestsSubmitted } from '../requests/index.ts';
import { projectReports } from './project-reports.ts';

/** Requests just submitted: the reports among them become public, in the job's transaction. */
export const publishSubmittedReports = subscribe(requestsSubmitted, async (event, { trx }) => {
  await projectReports(trx, event.holder, event.requestIds);
});
