import * as client from 'openid-client';
import type { Services } from '../../../platform/services.ts';
import type { FederationPartner } from '../identity.tables.ts';
import { newToken, tokenDigest } from '../secret-box.ts';
import { insertFederationRequest } from './federation.repo.ts';
import { callbackUrl, PARTNER_REQUESTS, partnerClient } from './partners.ts';

export const FEDERATION_COOKIE = 'communs_federation';
export const FEDERATION_REQUEST_MINUTES = 15;

export type StartPartnerLoginOptions = {
  partner: FederationPartner;
  intent: 'login' | 'link' | 'reauthenticate';
  userId: string | null;
  /** Where to go afterwards, instance prefix included (/c/givors/compte). */
  returnPath: string | null;
};

/**
 * Sends the person to FranceConnect or ProConnect: authorization code flow, `state` and `nonce` of 43 characters
 * (partners require 32 at least), `acr_values=eidas1` for FranceConnect, nothing undocumented. State and nonce stay
 * on our side, bound to this browser by a cookie.
 */
export async function startPartnerLogin(
  services: Services,
  options: StartPartnerLoginOptions,
): Promise<{ url: string; browserToken: string }> {
  const configuration = await partnerClient(services, options.partner);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const browserToken = newToken();
  const now = services.clock.now();
  await insertFederationRequest(services.db, {
    state,
    partner: options.partner,
    nonce,
    browserBinding: tokenDigest(browserToken),
    intent: options.intent,
    userId: options.userId,
    returnPath: options.returnPath,
    createdAt: now,
    expiresAt: new Date(now.getTime() + FEDERATION_REQUEST_MINUTES * 60_000),
  });
  const request = PARTNER_REQUESTS[options.partner];
  const parameters: Record<string, string> = {
    redirect_uri: callbackUrl(services, options.partner),
    scope: request.scope,
    state,
    nonce,
    ...(request.acrValues ? { acr_values: request.acrValues } : {}),
    // Re-authentication must really authenticate again at the partner, not ride on its session.
    ...(options.intent === 'reauthenticate' ? { prompt: 'login' } : {}),
  };
  return { url: client.buildAuthorizationUrl(configuration, parameters).href, browserToken };
}
