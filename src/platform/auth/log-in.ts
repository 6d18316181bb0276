import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB, UserAccount } from '../db/schema.ts';
import type { Services } from '../services.ts';
import { findAccountByEmail, recordLogin } from './accounts.repo.ts';
import { clearLoginAttempts, returnLoginAttempt, takeLoginAttempt } from './login-throttle.repo.ts';
import { verifyPassword } from './passwords.ts';
import { insertSession } from './sessions.repo.ts';
import { recordAudit } from '../audit/audit.repo.ts';

/** At most 5 failures per account and 30 per address in 15 minutes (CNIL 2022-100 asks for throttling). */
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

/** Called in the transaction that records an account's lockout (the identity service e-mails its holder). */
export type OnAccountLocked = (trx: Transaction<DB>, account: UserAccount) => Promise<void>;

/**
 * Checks an e-mail and password, throttled. The attempt is counted before the password is checked, so parallel
 * guesses cannot pass the limit; a success gives its count back, so only failures add up: the staff of a town hall
 * logging in from one shared address do not lock each other out. Each failure is audited, and so is the lockout it
 * causes (the account's, whose holder `onAccountLocked` may warn, or the address's). Modules that add a step before
 * the session opens (the identity service's second factor) call this, then `openSession`.
 */
export async function verifyCredentials(
  services: Services,
  options: { email: string; password: string; ip: string; onAccountLocked?: OnAccountLocked },
): Promise<{ ok: true; account: UserAccount } | { ok: false; reason: 'invalid_credentials' | 'throttled' }> {
  const { db, clock } = services;
  const now = clock.now();
  const email = options.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `address:${options.ip}`;
  const [accountAttempts, addressAttempts] = await Promise.all([
    takeLoginAttempt(db, { key: accountKey, now, windowMs: LOGIN_LIMITS.windowMs }),
    takeLoginAttempt(db, { key: addressKey, now, windowMs: LOGIN_LIMITS.windowMs }),
  ]);
  if (accountAttempts > LOGIN_LIMITS.perAccount || addressAttempts > LOGIN_LIMITS.perAddress) {
    services.logger.warn({ event: 'login_throttled' }, 'login throttled');
    return { ok: false, reason: 'throttled' };
  }
  const account = await findAccountByEmail(db, email);
  const valid = await verifyPassword(account?.password_hash ?? null, options.password);
  if (account && valid && !account.disabled_at) {
    await returnLoginAttempt(db, { key: addressKey, now, windowMs: LOGIN_LIMITS.windowMs });
    return { ok: true, account };
  }
  await db.transaction().execute(async (trx) => {
    const actor = { userId: account?.id ?? null, label: email, ip: options.ip };
    const target = account ? { target: { type: 'user_account', id: account.id } } : {};
    await recordAudit(trx, { actor, tenantId: null, action: 'session.login_failed', ...target, at: now });
    // The failure that reaches a limit is the lockout: it happens once per window.
    if (accountAttempts === LOGIN_LIMITS.perAccount) {
      const details = { failures: LOGIN_LIMITS.perAccount, minutes: LOGIN_LIMITS.windowMs / 60_000 };
      await recordAudit(trx, { actor, tenantId: null, action: 'session.account_locked', ...target, details, at: now });
      if (account) await options.onAccountLocked?.(trx, account);
    }
    if (addressAttempts === LOGIN_LIMITS.perAddress) {
      const details = { failures: LOGIN_LIMITS.perAddress, minutes: LOGIN_LIMITS.windowMs / 60_000 };
      await recordAudit(trx, { actor, tenantId: null, action: 'session.address_locked', details, at: now });
    }
  });
  return { ok: false, reason: 'invalid_credentials' };
}

export type OpenSessionOptions = {
  ip: string;
  userAgent: string | null;
  /** How the person proved who they are ('password', 'password+totp', 'franceconnect'…), kept in the audit log. */
  method?: string;
  /** More writes in the session's transaction (the identity service records how the session was opened). */
  within?: (trx: Transaction<DB>, sessionId: string) => Promise<void>;
};

/** Opens a session for an account whose identity has been checked. */
export async function openSession(
  services: Services,
  account: UserAccount,
  options: OpenSessionOptions,
): Promise<{ sessionToken: string; sessionId: string; expiresAt: Date }> {
  const now = services.clock.now();
  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(token);
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await services.db.transaction().execute(async (trx) => {
    await clearLoginAttempts(trx, `account:${account.email.trim().toLowerCase()}`);
    await insertSession(trx, {
      id: sessionId,
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
      ...(options.method ? { details: { method: options.method } } : {}),
      at: now,
    });
    await options.within?.(trx, sessionId);
  });
  return { sessionToken: token, sessionId, expiresAt };
}

export async function logIn(services: Services, options: LogInOptions): Promise<LogInResult> {
  const checked = await verifyCredentials(services, options);
  if (!checked.ok) return checked;
  const session = await openSession(services, checked.account, { ip: options.ip, userAgent: options.userAgent });
  return { ok: true, account: checked.account, sessionToken: session.sessionToken, expiresAt: session.expiresAt };
}
