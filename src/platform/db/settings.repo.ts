import { randomBytes } from 'node:crypto';
import type { Executor } from './tenant-scope.ts';

/**
 * A random secret of the deployment, kept in `platform_setting`: the first process to ask for it makes it, every
 * other process (and every later start) reads the same one.
 */
export async function deploymentSecret(db: Executor, key: string): Promise<string> {
  await db
    .insertInto('platform_setting')
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('platform_setting').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
