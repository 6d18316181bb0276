import type { FastifyReply } from 'fastify';
import { openSession, SESSION_ABSOLUTE_MS } from '../../platform/auth/log-in.ts';
import { SESSION_COOKIE } from '../../platform/auth/session-cookie.ts';
import type { UserAccount } from '../../platform/db/schema.ts';
import type { Services } from '../../platform/services.ts';
import { recordSessionAuthentication, updateIdentityAccount } from './identity.repo.ts';
import type { FederationPartner } from './identity.tables.ts';

export type StartSessionOptions = {
  account: UserAccount;
  ip: string;
  userAgent: string | null;
  /** What the provider reports to relying parties for this session. */
  acr: string;
  amr: string[];
  method: 'password' | 'password+totp' | FederationPartner;
  partner?: { name: FederationPartner; idToken: string } | undefined;
};

/**
 * Opens a Communs session after someone proved who they are, and records how (acr, amr, the partner's ID token for
 * its logout). A login also answers the inactivity warning: the clock restarts.
 */
export async function startSession(
  services: Services,
  options: StartSessionOptions,
): Promise<{ sessionToken: string; sessionId: string }> {
  const now = services.clock.now();
  const session = await openSession(services, options.account, {
    ip: options.ip,
    userAgent: options.userAgent,
    method: options.method,
    within: async (trx, sessionId) => {
      await updateIdentityAccount(trx, options.account.id, { inactivity_warned_at: null });
      await recordSessionAuthentication(trx, {
        sessionId,
        userId: options.account.id,
        acr: options.acr,
        amr: options.amr,
        authenticatedAt: now,
        partner: options.partner?.name ?? null,
        partnerIdToken: options.partner?.idToken ?? null,
      });
    },
  });
  return { sessionToken: session.sessionToken, sessionId: session.sessionId };
}

export function setSessionCookie(services: Services, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: services.config.secureCookies,
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}
