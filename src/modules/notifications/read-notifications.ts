import type { Services } from '../../platform/services.ts';
import { listLatest, markRead } from './notifications.repo.ts';
import type { NotificationRow } from './notifications.tables.ts';

/** How many the page shows, newest first. */
export const SHOWN = 100;

/**
 * The person's latest notifications, as they stood (unread ones marked), then marked read: viewing the list is
 * reading it. The header drawn after this counts what remains unread (older ones beyond the list, if any).
 */
export async function readNotifications(services: Services, userId: string): Promise<NotificationRow[]> {
  const latest = await listLatest(services.db, userId, SHOWN);
  await markRead(
    services.db,
    userId,
    latest.filter((n) => n.read_at === null).map((n) => n.id),
    services.clock.now(),
  );
  return latest;
}
