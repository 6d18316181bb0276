import * as client from 'openid-client';
import type { Services } from '../../../platform/services.ts';
import type { FederationPartner } from '../identity.tables.ts';
import { constantTimeEquals, tokenDigest } from '../secret-box.ts';
import { type FederationRequest, takeFederationRequest } from './federation.repo.ts';
import { callbackUrl, partnerClient } from './partners.ts';

export type PartnerIdentity = {
  request: FederationRequest;
  subject: string;
  acr: string | null;
  amr: string[];
  idToken: string;
  /** The verified, signed userinfo. */
  userinfo: Record<string, unknown>;
};

export type FinishPartnerLoginResult =
  { ok: true; identity: PartnerIdentity } | { ok: false; reason: 'unknown_request' | 'refused' | 'invalid_response' };

/**
 * The partner sent the person back. The state must be one we issued to this very browser, and the code is exchanged
 * for tokens whose signatures are checked; then the userinfo is fetched as a signed JWT and checked the same way (a
 * tampered one is refused). An error on the callback (the person cancelled) is reported, not thrown.
 */
export async function finishPartnerLogin(
  services: Services,
  options: { partner: FederationPartner; callbackQuery: string; browserToken: string | undefined },
): Promise<FinishPartnerLoginResult> {
  const params = new URLSearchParams(options.callbackQuery);
  const state = params.get('state');
  if (!state || !options.browserToken) return { ok: false, reason: 'unknown_request' };
  const request = await takeFederationRequest(services.db, state, services.clock.now());
  if (
    !request ||
    request.partner !== options.partner ||
    !constantTimeEquals(request.browserBinding, tokenDigest(options.browserToken))
  ) {
    return { ok: false, reason: 'unknown_request' };
  }
  if (params.has('error')) return { ok: false, reason: 'refused' };
  try {
    const configuration = await partnerClient(services, options.partner);
    const tokens = await client.authorizationCodeGrant(
      configuration,
      new URL(`${callbackUrl(services, options.partner)}?${options.callbackQuery}`),
      { expectedState: state, expectedNonce: request.nonce, idTokenExpected: true },
    );
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) return { ok: false, reason: 'invalid_response' };
    const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    return {
      ok: true,
      identity: {
        request,
        subject: claims.sub,
        acr: typeof claims.acr === 'string' ? claims.acr : null,
        amr: Array.isArray(claims.amr) ? claims.amr.map(String) : [],
        idToken: tokens.id_token,
        userinfo: userinfo as Record<string, unknown>,
      },
    };
  } catch (error) {
    services.logger.warn({ err: error, partner: options.partner }, 'federated login refused');
    return { ok: false, reason: 'invalid_response' };
  }
}
