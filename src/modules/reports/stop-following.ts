import { isUuid } from '../../platform/db/uuid.ts';
import type { Services } from '../../platform/services.ts';
import { isStopToken } from './follow-links.ts';
import { stopFollower } from './followers.repo.ts';

/** The "stop" link of a status e-mail: no more e-mails about that report to that address. */
export async function stopFollowing(
  services: Services,
  options: { followerId: string; token: string },
): Promise<{ ok: boolean }> {
  if (!isUuid(options.followerId) || !isStopToken(services, options.followerId, options.token)) return { ok: false };
  await stopFollower(services.db, options.followerId, services.clock.now());
  return { ok: true };
}
