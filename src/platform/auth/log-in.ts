import { createHash, randomBytes } from 'node:crypto';
import type { UserAccount } from '../db/schema.ts';
import type { Services } from '../services.ts';
import { findAccountByEmail, recordLogin } from './accounts.repo.ts';
import { clearLoginAttempts, takeLoginAttempt } from './login-throttle.repo.ts';
import { verifyPassword } from './passwords.ts';
import { insertSession } from './sessions.repo.ts';
import { recordAudit } from '../audit/audit.repo.ts';

/** At most 5 tries per account and 30 per address in 15 minutes (CNIL 2022-100 asks for throttling). */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 } as const;

/** A session ends after 2 hours without activity, and after 12 hours whatever happens. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export type LogInOptions = { email: string; password: string; ip: string; userAgent: string | null };
export type LogInResult =
  | { ok: true; account: UserAccount; sessionToken: string; expiresAt: Date }
  | { ok: false; reason: 'invalid_credentials' | 'throttled' };

/** The session id stored in the database is a hash of the cookie's token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function logIn(services: Services, options: LogInOptions): Promise<LogInResult> {
  const { db, clock } = services;
  const now = clock.now();
  const email = options.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const [accountAttempts, addressAttempts] = await Promise.all([
    takeLoginAttempt(db, { key: accountKey, now, windowMs: LOGIN_LIMITS.windowMs }),
    takeLoginAttempt(db, { key: `address:${options.ip}`, now, windowMs: LOGIN_LIMITS.windowMs }),
  ]);
  if (accountAttempts > LOGIN_LIMITS.perAccount || addressAttempts > LOGIN_LIMITS.perAddress) {
    services.logger.warn({ event: 'login_throttled' }, 'login throttled');
    return { ok: false, reason: 'throttled' };
  }
  const account = await findAccountByEmail(db, email);
  const valid = await verifyPassword(account?.password_hash ?? null, options.password);
  if (!account || !valid || account.disabled_at) return { ok: false, reason: 'invalid_credentials' };

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await db.transaction().execute(async (trx) => {
    await clearLoginAttempts(trx, accountKey);
    await insertSession(trx, {
      id: sessionIdOf(token),
      userId: account.id,
      at: now,
      expiresAt,
      ip: options.ip,
      userAgent: options.userAgent,
    });
    await recordLogin(trx, account.id, now);
    await recordAudit(trx, {
      actor: { userId: account.id, label: account.email, ip: options.ip },
      tenantId: null,
      action: 'session.login',
      target: { type: 'user_account', id: account.id },
      at: now,
    });
  });
  return { ok: true, account, sessionToken: token, expiresAt };
}
