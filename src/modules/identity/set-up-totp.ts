import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import { identityRuntime } from './identity-runtime.ts';
import { findIdentityAccount, takeTotpStep, updateIdentityAccount } from './identity.repo.ts';
import { matchTotp, newTotpSecret } from './totp.ts';

/** The secret being set up (made once, kept encrypted, not yet required at login). */
export async function pendingTotpSecret(services: Services, userId: string): Promise<string> {
  const { box } = await identityRuntime(services);
  const identity = await findIdentityAccount(services.db, userId);
  if (identity.totpSecret && !identity.totpEnabledAt) return box.open(identity.totpSecret);
  const secret = newTotpSecret();
  await updateIdentityAccount(services.db, userId, {
    totp_secret: box.seal(secret),
    totp_enabled_at: null,
    totp_last_step: null,
  });
  return secret;
}

/** The second factor is switched on once the citizen proves their authenticator gives the right codes. */
export async function enableTotp(
  services: Services,
  options: { userId: string; code: string; ip: string },
): Promise<boolean> {
  const { box } = await identityRuntime(services);
  const identity = await findIdentityAccount(services.db, options.userId);
  if (!identity.totpSecret || identity.totpEnabledAt) return false;
  const now = services.clock.now();
  const step = matchTotp(box.open(identity.totpSecret), options.code, now);
  if (step === null || !(await takeTotpStep(services.db, options.userId, step))) return false;
  const account = await findAccountById(services.db, options.userId);
  await services.db.transaction().execute(async (trx) => {
    await updateIdentityAccount(trx, options.userId, { totp_enabled_at: now });
    await recordAudit(trx, {
      actor: { userId: options.userId, label: account?.email ?? options.userId, ip: options.ip },
      tenantId: null,
      action: 'identity.totp.enable',
      target: { type: 'user_account', id: options.userId },
      at: now,
    });
  });
  return true;
}

/** Switching it off takes the password (or, for an account without one, a current code). */
export async function disableTotp(
  services: Services,
  options: { userId: string; password: string; ip: string },
): Promise<boolean> {
  const account = await findAccountById(services.db, options.userId);
  if (!account) return false;
  const { box } = await identityRuntime(services);
  const identity = await findIdentityAccount(services.db, options.userId);
  const now = services.clock.now();
  const proven = account.password_hash
    ? await verifyPassword(account.password_hash, options.password)
    : !!identity.totpSecret && matchTotp(box.open(identity.totpSecret), options.password, now) !== null;
  if (!proven) return false;
  await services.db.transaction().execute(async (trx) => {
    await updateIdentityAccount(trx, options.userId, {
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
    });
    await recordAudit(trx, {
      actor: { userId: options.userId, label: account.email, ip: options.ip },
      tenantId: null,
      action: 'identity.totp.disable',
      target: { type: 'user_account', id: options.userId },
      at: now,
    });
  });
  return true;
}
