import { sql } from 'kysely';
import type { Executor } from '../db/tenant-scope.ts';

/**
 * Takes one attempt from a throttling window, atomically, and returns how many attempts the window now holds.
 * The count is taken BEFORE the password is checked, in one statement: twenty parallel guesses get twenty distinct
 * counts, so no more than the limit ever reach the password check (a read-then-write would let them all through).
 */
export async function takeLoginAttempt(
  db: Executor,
  options: { key: string; now: Date; windowMs: number },
): Promise<number> {
  const windowStart = new Date(options.now.getTime() - options.windowMs);
  const result = await sql<{ attempts: number }>`
    INSERT INTO login_throttle (key, attempts, window_started_at) VALUES (${options.key}, 1, ${options.now})
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN login_throttle.window_started_at <= ${windowStart} THEN 1 ELSE login_throttle.attempts + 1 END,
      window_started_at = CASE WHEN login_throttle.window_started_at <= ${windowStart} THEN ${options.now}
                               ELSE login_throttle.window_started_at END
    RETURNING attempts`.execute(db);
  return result.rows[0]?.attempts ?? Number.POSITIVE_INFINITY;
}

/**
 * Gives back an attempt taken by a login that succeeded, in the window it was taken in: only failures count. (Were
 * the window over, the attempt is already forgotten.)
 */
export async function returnLoginAttempt(
  db: Executor,
  options: { key: string; now: Date; windowMs: number },
): Promise<void> {
  const windowStart = new Date(options.now.getTime() - options.windowMs);
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ attempts: sql<number>`GREATEST(${eb.ref('attempts')} - 1, 0)` }))
    .where('key', '=', options.key)
    .where('window_started_at', '>', windowStart)
    .execute();
}

/** A successful login clears the account's counter (not the address's: one good password must not unlock guessing). */
export async function clearLoginAttempts(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

export async function deleteStaleThrottles(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('login_throttle').where('window_started_at', '<', before).execute();
}

/** Forgets the counters of the given keys (an account deleted leaves no counter keyed by its e-mail or id). */
export async function forgetLoginAttempts(db: Executor, keys: readonly string[]): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}
