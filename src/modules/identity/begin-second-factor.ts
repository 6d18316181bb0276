import type { UserAccount } from '../../platform/db/schema.ts';
import type { Services } from '../../platform/services.ts';
import { insertToken } from './identity.repo.ts';
import { newToken, tokenDigest } from './secret-box.ts';

export const SECOND_FACTOR_COOKIE = 'communs_second_factor';
export const SECOND_FACTOR_MINUTES = 5;

/**
 * The password was right and the account has a second factor: remember that for five minutes (a token kept in a
 * cookie, its hash in the database) while the person types their code. No session exists until then.
 */
export async function beginSecondFactor(
  services: Services,
  options: { account: UserAccount; returnPath: string | undefined },
): Promise<string> {
  const token = newToken();
  const now = services.clock.now();
  await insertToken(services.db, {
    id: tokenDigest(token),
    purpose: 'second_factor',
    userId: options.account.id,
    email: options.account.email,
    data: options.returnPath ? { returnPath: options.returnPath } : {},
    at: now,
    expiresAt: new Date(now.getTime() + SECOND_FACTOR_MINUTES * 60_000),
  });
  return token;
}
