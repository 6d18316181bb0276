import { tokenDigest } from '../identity/index.ts';
import type { Services } from '../../platform/services.ts';
import { confirmFollower, findFollowerByToken } from './followers.repo.ts';
import { findReport } from './reports.repo.ts';

/** A confirmation link older than this is refused: following again sends a new one. */
const CONFIRMATION_DAYS = 7;

/** The confirmation link was followed (by a button: a mail scanner opening the link confirms nothing). */
export async function confirmFollow(
  services: Services,
  token: string,
): Promise<{ ok: true; reportId: string } | { ok: false }> {
  const follower = await findFollowerByToken(services.db, tokenDigest(token));
  const at = services.clock.now();
  if (!follower) return { ok: false };
  if (!follower.confirmed_at && at.getTime() - follower.created_at.getTime() > CONFIRMATION_DAYS * 86_400_000)
    return { ok: false };
  const report = await findReport(services.db, follower.report_id);
  if (!report) return { ok: false };
  await confirmFollower(services.db, follower.id, at);
  return { ok: true, reportId: report.id };
}
