import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/tenant-scope.ts';

/** The OpenID provider's artefacts (grants, sessions, codes, tokens, interactions…), one row each in `oidc_payload`. */

export type StoredPayload = Record<string, unknown>;

export async function upsertPayload(
  db: Executor,
  row: { model: string; id: string; payload: StoredPayload; expiresAt: Date | null },
): Promise<void> {
  const { payload } = row;
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
  const values = {
    model: row.model,
    id: row.id,
    payload: JSON.stringify(payload),
    grant_id: text('grantId'),
    uid: text('uid'),
    user_code: text('userCode'),
    account_id: text('accountId'),
    client_id: text('clientId'),
    expires_at: row.expiresAt,
  };
  await db
    .insertInto('oidc_payload')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['model', 'id']).doUpdateSet({
        payload: values.payload,
        grant_id: values.grant_id,
        uid: values.uid,
        user_code: values.user_code,
        account_id: values.account_id,
        client_id: values.client_id,
        expires_at: values.expires_at,
      }),
    )
    .execute();
}

type Lookup = { column: 'id' | 'uid' | 'user_code'; value: string };

/** The payload as the library stored it, with `consumed` set once consumed; expired artefacts are not found. */
export async function findPayload(
  db: Executor,
  model: string,
  lookup: Lookup,
  now: Date,
): Promise<StoredPayload | undefined> {
  const row = await db
    .selectFrom('oidc_payload')
    .select(['payload', 'consumed_at'])
    .where('model', '=', model)
    .where(lookup.column, '=', lookup.value)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return undefined;
  return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
}

export async function consumePayload(db: Executor, model: string, id: string, now: Date): Promise<void> {
  await db
    .updateTable('oidc_payload')
    .set({ consumed_at: now })
    .where('model', '=', model)
    .where('id', '=', id)
    .execute();
}

export async function destroyPayload(db: Executor, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_payload').where('model', '=', model).where('id', '=', id).execute();
}

/** Every artefact born of these grants (codes, access and refresh tokens, the grants themselves). */
export async function destroyGrants(db: Executor, grantIds: string[]): Promise<void> {
  if (grantIds.length === 0) return;
  await db.deleteFrom('oidc_payload').where('grant_id', 'in', grantIds).execute();
  await db.deleteFrom('oidc_payload').where('model', '=', 'Grant').where('id', 'in', grantIds).execute();
}

/** The grants one citizen gave one client (or every client), for revocation. */
export async function listGrantIds(db: Executor, accountId: string, clientId?: string): Promise<string[]> {
  let q = db.selectFrom('oidc_payload').select('id').where('model', '=', 'Grant').where('account_id', '=', accountId);
  if (clientId) q = q.where('client_id', '=', clientId);
  return (await q.execute()).map((r) => r.id);
}

/** Everything the provider holds about a person: their sessions, grants and tokens (account deletion). */
export async function destroyAccountArtefacts(db: Executor, accountId: string): Promise<void> {
  await destroyGrants(db, await listGrantIds(db, accountId));
  await db.deleteFrom('oidc_payload').where('account_id', '=', accountId).execute();
}

/** Everything the provider holds for one client: its grants, what they produced, its other artefacts (disabling). */
export async function destroyClientArtefacts(db: Executor, clientId: string): Promise<void> {
  const grants = await db
    .selectFrom('oidc_payload')
    .select('id')
    .where('model', '=', 'Grant')
    .where('client_id', '=', clientId)
    .execute();
  await destroyGrants(
    db,
    grants.map((g) => g.id),
  );
  await db.deleteFrom('oidc_payload').where('client_id', '=', clientId).execute();
}

export async function deleteExpiredPayloads(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('oidc_payload').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countPayloads(db: Executor, model: string): Promise<number> {
  const row = await db
    .selectFrom('oidc_payload')
    .select(sql<string>`count(*)`.as('n'))
    .where('model', '=', model)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
