import type { NotificationKind } from '../../platform/app-module/app-module.ts';
import { type EventContext, subscribe } from '../../platform/events/domain-events.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { agentsNotified, citizenNotified } from '../requests/index.ts';
import { insertNotifications, listInAppRefusals } from './notifications.repo.ts';

type News = {
  holder: ResolvedTenant;
  requestId: string;
  kind: NotificationKind;
  title: string;
  path: string;
  key: string;
};

/**
 * What the requests module tells people (the citizen of a request, its agents) is kept for the bell too, in the same
 * transaction as its e-mails, for each person who did not turn that kind off in the app.
 */
async function record(news: News, userIds: readonly string[], { trx, services }: EventContext): Promise<void> {
  const refused = await listInAppRefusals(trx, userIds, news.kind);
  await insertNotifications(trx, {
    tenantId: news.holder.id,
    userIds: userIds.filter((id) => !refused.has(id)),
    kind: news.kind,
    requestId: news.requestId,
    title: news.title,
    path: news.path,
    dedupeKey: news.key,
    at: services.clock.now(),
  });
}

export const recordCitizenNotification = subscribe(citizenNotified, (news, context) =>
  record(news, [news.userId], context),
);

export const recordAgentsNotification = subscribe(agentsNotified, (news, context) =>
  record(news, news.userIds, context),
);
