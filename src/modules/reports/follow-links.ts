import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Services } from '../../platform/services.ts';

/** A confirmation link's token: random, only its digest stored. */
export function newFollowToken(): { token: string; digest: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, digest: followTokenDigest(token) };
}

export const followTokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The token of a follower's "stop" link, derived from its id and the deployment's secret: every status e-mail carries
 * it without the platform keeping a second secret per follower.
 */
export function stopToken(services: Services, followerId: string): string {
  return createHmac('sha256', services.cookieSecret).update(`report-follow-stop:${followerId}`).digest('base64url');
}

export function isStopToken(services: Services, followerId: string, token: string): boolean {
  const expected = Buffer.from(stopToken(services, followerId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const confirmFollowUrl = (services: Services, token: string) =>
  `${services.config.publicUrl}/signalements/suivi/confirmer?jeton=${token}`;

export const stopFollowUrl = (services: Services, followerId: string) =>
  `${services.config.publicUrl}/signalements/suivi/arreter?abonnement=${followerId}&jeton=${stopToken(services, followerId)}`;

export const publicReportUrl = (services: Services, reportId: string) =>
  `${services.config.publicUrl}/signalements/${reportId}`;
