import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { LOGIN_LIMITS } from '../../platform/auth/log-in.ts';
import { takeLoginAttempt } from '../../platform/auth/login-throttle.repo.ts';
import type { Services } from '../../platform/services.ts';
import { identityRuntime } from './identity-runtime.ts';
import { findIdentityAccount, findLiveToken, takeTotpStep, useToken } from './identity.repo.ts';
import { ACR } from './oidc/claims.ts';
import { tokenDigest } from './secret-box.ts';
import { startSession } from './start-session.ts';
import { matchTotp } from './totp.ts';

export type CompleteSecondFactorResult =
  | { ok: true; sessionToken: string; returnPath: string | undefined }
  | { ok: false; reason: 'expired' | 'invalid_code' | 'throttled' };

/**
 * Checks the TOTP code of a login in progress. Attempts are counted per account before the code is checked, in the
 * same atomic counter as passwords (5 per 15 minutes), and a code is accepted once only.
 */
export async function completeSecondFactor(
  services: Services,
  options: { token: string; code: string; ip: string; userAgent: string | null },
): Promise<CompleteSecondFactorResult> {
  const now = services.clock.now();
  const pending = await findLiveToken(services.db, tokenDigest(options.token), 'second_factor', now);
  if (!pending?.userId) return { ok: false, reason: 'expired' };
  const attempts = await takeLoginAttempt(services.db, {
    key: `totp:${pending.userId}`,
    now,
    windowMs: LOGIN_LIMITS.windowMs,
  });
  if (attempts > LOGIN_LIMITS.perAccount) return { ok: false, reason: 'throttled' };
  const identity = await findIdentityAccount(services.db, pending.userId);
  const account = await findAccountById(services.db, pending.userId);
  if (!account || !identity.totpSecret || !identity.totpEnabledAt) return { ok: false, reason: 'expired' };
  const { box } = await identityRuntime(services);
  const step = matchTotp(box.open(identity.totpSecret), options.code, now);
  if (step === null || !(await takeTotpStep(services.db, account.id, step)))
    return { ok: false, reason: 'invalid_code' };
  if (!(await useToken(services.db, pending.id, now))) return { ok: false, reason: 'expired' };
  const session = await startSession(services, {
    account,
    ip: options.ip,
    userAgent: options.userAgent,
    acr: ACR.mfa,
    amr: ['pwd', 'otp', 'mfa'],
    method: 'password+totp',
  });
  const returnPath = typeof pending.data.returnPath === 'string' ? pending.data.returnPath : undefined;
  return { ok: true, sessionToken: session.sessionToken, returnPath };
}
