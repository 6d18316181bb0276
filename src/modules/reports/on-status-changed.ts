import { subscribe } from '../../platform/events/domain-events.ts';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import { requestStatusChanged } from '../requests/index.ts';
import { publicReportUrl, stopFollowUrl } from './follow-links.ts';
import { listActiveFollowers } from './followers.repo.ts';
import { publicReport } from './public-report.ts';
import { updateReportStatus } from './reports.repo.ts';

/**
 * A request moved to a status citizens see: if it is a public report, the public sees the new status and each of its
 * followers gets an e-mail, in the move's transaction (one per follower and move: the dedupe key names both). The
 * agent's note to the author is not passed on: it is written to them.
 */
export const tellReportFollowers = subscribe(requestStatusChanged, async (event, { trx, services }) => {
  if (event.citizenLabel === null) return;
  const report = await updateReportStatus(trx, event.requestId, {
    status: event.status,
    label: event.citizenLabel,
    closedAt: event.final ? event.at : null,
    at: event.at,
  });
  if (!report) return;
  const shown = publicReport(report);
  const followers = await listActiveFollowers(trx, report.id);
  await services.jobs.enqueueAll(
    trx,
    followers.map((follower) =>
      emailJob({
        to: follower.email,
        tenantId: report.tenant_id,
        dedupeKey: `report-follow:${follower.id}:${event.statusChangeId}`,
        content: {
          subject: `Signalement suivi « ${shown.categoryLabel} » : ${event.citizenLabel}`,
          greeting: 'Bonjour,',
          paragraphs: [
            `Le signalement « ${shown.categoryLabel} »${shown.communeName ? ` à ${shown.communeName}` : ''}, que vous suivez, a changé d’étape : ${event.citizenLabel}.`,
            `Pour ne plus recevoir de nouvelles de ce signalement : ${stopFollowUrl(services, follower.id)}`,
          ],
          action: { label: 'Voir le signalement', url: publicReportUrl(services, report.id) },
          signature: 'Les signalements sur l’espace public — Métropole de Lyon',
        },
      }),
    ),
  );
});
