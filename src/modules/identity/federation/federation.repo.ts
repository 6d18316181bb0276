import type { Executor } from '../../../platform/db/tenant-scope.ts';
import type { FederationPartner } from '../identity.tables.ts';

/** Links between our accounts and the partners' identities, and the logins in flight towards a partner. */

export async function findLink(
  db: Executor,
  partner: FederationPartner,
  idpId: string,
  subject: string,
): Promise<{ userId: string } | undefined> {
  const row = await db
    .selectFrom('federation_link')
    .select('user_id')
    .where('partner', '=', partner)
    .where('idp_id', '=', idpId)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row ? { userId: row.user_id } : undefined;
}

export async function findLinkOfUser(db: Executor, userId: string, partner: FederationPartner) {
  return db
    .selectFrom('federation_link')
    .selectAll()
    .where('user_id', '=', userId)
    .where('partner', '=', partner)
    .executeTakeFirst();
}

export async function listLinksOfUser(db: Executor, userId: string) {
  return db.selectFrom('federation_link').selectAll().where('user_id', '=', userId).execute();
}

export async function insertLink(
  db: Executor,
  link: { partner: FederationPartner; idpId: string; subject: string; userId: string; at: Date },
): Promise<void> {
  await db
    .insertInto('federation_link')
    .values({
      partner: link.partner,
      idp_id: link.idpId,
      subject: link.subject,
      user_id: link.userId,
      linked_at: link.at,
      last_login_at: link.at,
    })
    .execute();
}

export async function touchLink(
  db: Executor,
  partner: FederationPartner,
  idpId: string,
  subject: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('federation_link')
    .set({ last_login_at: at })
    .where('partner', '=', partner)
    .where('idp_id', '=', idpId)
    .where('subject', '=', subject)
    .execute();
}

export async function deleteLink(db: Executor, userId: string, partner: FederationPartner): Promise<number> {
  const result = await db
    .deleteFrom('federation_link')
    .where('user_id', '=', userId)
    .where('partner', '=', partner)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export type FederationRequest = {
  state: string;
  partner: FederationPartner;
  nonce: string;
  browserBinding: string;
  intent: 'login' | 'link' | 'reauthenticate';
  userId: string | null;
  returnPath: string | null;
  createdAt: Date;
  expiresAt: Date;
};

export async function insertFederationRequest(db: Executor, request: FederationRequest): Promise<void> {
  await db
    .insertInto('federation_request')
    .values({
      state: request.state,
      partner: request.partner,
      nonce: request.nonce,
      browser_binding: request.browserBinding,
      intent: request.intent,
      user_id: request.userId,
      return_path: request.returnPath,
      created_at: request.createdAt,
      expires_at: request.expiresAt,
    })
    .execute();
}

/** Takes the request of this state, once (a replayed callback finds nothing). */
export async function takeFederationRequest(
  db: Executor,
  state: string,
  now: Date,
): Promise<FederationRequest | undefined> {
  const row = await db.deleteFrom('federation_request').where('state', '=', state).returningAll().executeTakeFirst();
  if (!row || row.expires_at <= now) return undefined;
  return {
    state: row.state,
    partner: row.partner as FederationPartner,
    nonce: row.nonce,
    browserBinding: row.browser_binding,
    intent: row.intent,
    userId: row.user_id,
    returnPath: row.return_path,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export async function deleteExpiredFederationRequests(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('federation_request').where('expires_at', '<=', now).execute();
}
