import { createHmac } from 'node:crypto';
import type { Services } from '../../platform/services.ts';
import { constantTimeEquals } from '../identity/index.ts';

/**
 * The token of a follower's "stop" link, derived from its id and the deployment's secret: every status e-mail carries
 * it without the platform keeping a second secret per follower.
 */
export function stopToken(services: Services, followerId: string): string {
  return createHmac('sha256', services.cookieSecret).update(`report-follow-stop:${followerId}`).digest('base64url');
}

export function isStopToken(services: Services, followerId: string, token: string): boolean {
  return constantTimeEquals(stopToken(services, followerId), token);
}

export const confirmFollowUrl = (services: Services, token: string) =>
  `${services.config.publicUrl}/signalements/suivi/confirmer?jeton=${token}`;

export const stopFollowUrl = (services: Services, followerId: string) =>
  `${services.config.publicUrl}/signalements/suivi/arreter?abonnement=${followerId}&jeton=${stopToken(services, followerId)}`;

export const publicReportUrl = (services: Services, reportId: string) =>
  `${services.config.publicUrl}/signalements/${reportId}`;
