import type { Executor } from '../../../platform/db/tenant-scope.ts';

/** The provider's ES256 signing keys, the private half sealed. */

export type SigningKeyRow = { kid: string; createdAt: Date; activatedAt: Date | null; retiredAt: Date | null };

/** Every key kept, newest first. */
export async function listSigningKeys(db: Executor): Promise<Array<SigningKeyRow & { sealed: string }>> {
  const rows = await db.selectFrom('oidc_signing_key').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({
    kid: r.kid,
    createdAt: r.created_at,
    activatedAt: r.activated_at,
    retiredAt: r.retired_at,
    sealed: r.private_jwk_ciphertext,
  }));
}

/** A new key; a key already stored under that id (its thumbprint) is left as it is. */
export async function insertSigningKey(
  db: Executor,
  key: { kid: string; sealedPrivateJwk: string; publicJwk: string; at: Date; activate: boolean },
): Promise<void> {
  await db
    .insertInto('oidc_signing_key')
    .values({
      kid: key.kid,
      alg: 'ES256',
      private_jwk_ciphertext: key.sealedPrivateJwk,
      public_jwk: key.publicJwk,
      created_at: key.at,
      activated_at: key.activate ? key.at : null,
    })
    .onConflict((oc) => oc.column('kid').doNothing())
    .execute();
}

/** The published successor starts signing; the current key retires (it stays published a while). */
export async function switchSigningKey(
  db: Executor,
  change: { activate: string; retire: string; at: Date },
): Promise<void> {
  await db
    .updateTable('oidc_signing_key')
    .set({ activated_at: change.at })
    .where('kid', '=', change.activate)
    .execute();
  await db.updateTable('oidc_signing_key').set({ retired_at: change.at }).where('kid', '=', change.retire).execute();
}

/** Forgets keys retired before the given date; says how many. */
export async function deleteRetiredSigningKeys(db: Executor, retiredBefore: Date): Promise<number> {
  const removed = await db.deleteFrom('oidc_signing_key').where('retired_at', '<=', retiredBefore).executeTakeFirst();
  return Number(removed.numDeletedRows);
}
