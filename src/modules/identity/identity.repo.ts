import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { AttributeSource, FederationPartner, IdentityAttributeRow, TokenPurpose } from './identity.tables.ts';

/** The citizen's identity record: account-level facts, attributes with their provenance, sessions, one-time tokens. */

export type IdentityAccount = {
  userId: string;
  emailVerifiedAt: Date | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
  lastKeepaliveAt: Date | null;
  inactivityWarnedAt: Date | null;
  createdVia: 'local' | 'franceconnect' | 'proconnect';
};

export async function findIdentityAccount(db: Executor, userId: string): Promise<IdentityAccount> {
  const row = await db.selectFrom('identity_account').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return {
    userId,
    emailVerifiedAt: row?.email_verified_at ?? null,
    totpSecret: row?.totp_secret ?? null,
    totpEnabledAt: row?.totp_enabled_at ?? null,
    totpLastStep: row?.totp_last_step ?? null,
    lastKeepaliveAt: row?.last_keepalive_at ?? null,
    inactivityWarnedAt: row?.inactivity_warned_at ?? null,
    createdVia: row?.created_via ?? 'local',
  };
}

export type IdentityAccountChange = Partial<{
  email_verified_at: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  last_keepalive_at: Date | null;
  inactivity_warned_at: Date | null;
  created_via: 'local' | 'franceconnect' | 'proconnect';
}>;

export async function updateIdentityAccount(
  db: Executor,
  userId: string,
  change: IdentityAccountChange,
): Promise<void> {
  await updateIdentityAccounts(db, [userId], change);
}

/**
 * Accounts made before the identity service (or by the platform's factories) have no row yet: it is made on the way,
 * in the same statement. The ids must be distinct (PostgreSQL updates a row once per statement).
 */
export async function updateIdentityAccounts(
  db: Executor,
  userIds: string[],
  change: IdentityAccountChange,
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('identity_account')
    .values(userIds.map((userId) => ({ user_id: userId, ...change })))
    .onConflict((oc) =>
      Object.keys(change).length ? oc.column('user_id').doUpdateSet(change) : oc.column('user_id').doNothing(),
    )
    .execute();
}

/**
 * Accepts a TOTP step only if it is later than the last one accepted, in one statement: two parallel submissions
 * of the same code cannot both succeed.
 */
export async function takeTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_account')
    .set({ totp_last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listAttributes(db: Executor, userId: string): Promise<IdentityAttributeRow[]> {
  return db.selectFrom('identity_attribute').selectAll().where('user_id', '=', userId).orderBy('name').execute();
}

export type AttributeWrite = {
  name: string;
  value: string;
  source: AttributeSource;
  verifiedAt: Date | null;
  acr: string | null;
};

export async function writeAttribute(db: Executor, userId: string, attribute: AttributeWrite, at: Date): Promise<void> {
  const values = {
    user_id: userId,
    name: attribute.name,
    value: attribute.value,
    source: attribute.source,
    verified_at: attribute.verifiedAt,
    acr: attribute.acr,
    updated_at: at,
  };
  await db
    .insertInto('identity_attribute')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['user_id', 'name']).doUpdateSet({
        value: values.value,
        source: values.source,
        verified_at: values.verified_at,
        acr: values.acr,
        updated_at: at,
      }),
    )
    .execute();
}

/** An address the person proved they read: the account's flag and the verified `email` attribute, together. */
export async function recordVerifiedEmail(db: Executor, userId: string, email: string, at: Date): Promise<void> {
  await updateIdentityAccount(db, userId, { email_verified_at: at });
  await writeAttribute(db, userId, { name: 'email', value: email, source: 'self', verifiedAt: at, acr: null }, at);
}

export async function deleteAttribute(db: Executor, userId: string, name: string): Promise<void> {
  await db.deleteFrom('identity_attribute').where('user_id', '=', userId).where('name', '=', name).execute();
}

/** Unlinking FranceConnect: the values stay, as declared by the citizen, no longer certified. */
export async function uncertifyAttributes(db: Executor, userId: string, at: Date): Promise<void> {
  await db
    .updateTable('identity_attribute')
    .set({ source: 'self', verified_at: null, acr: null, updated_at: at })
    .where('user_id', '=', userId)
    .where('source', '=', 'franceconnect')
    .execute();
}

/** Accounts whose six pivot fields, as declared, equal these values exactly (automatic FranceConnect linking). */
export async function findAccountsByPivot(db: Executor, pivot: Record<string, string>): Promise<string[]> {
  const entries = Object.entries(pivot);
  const rows = await db
    .selectFrom('identity_attribute')
    .select('user_id')
    .where((eb) => eb.or(entries.map(([name, value]) => eb.and([eb('name', '=', name), eb('value', '=', value)]))))
    .groupBy('user_id')
    .having(sql`count(*)`, '=', entries.length)
    .execute();
  return rows.map((r) => r.user_id);
}

export type SessionAuthentication = {
  sessionId: string;
  userId: string;
  acr: string;
  amr: string[];
  authenticatedAt: Date;
  partner: FederationPartner | null;
  partnerIdToken: string | null;
};

export async function recordSessionAuthentication(db: Executor, auth: SessionAuthentication): Promise<void> {
  await db
    .insertInto('identity_session')
    .values({
      session_id: auth.sessionId,
      user_id: auth.userId,
      acr: auth.acr,
      amr: auth.amr,
      authenticated_at: auth.authenticatedAt,
      partner: auth.partner,
      partner_id_token: auth.partnerIdToken,
    })
    .execute();
}

export async function findSessionAuthentication(
  db: Executor,
  sessionId: string,
): Promise<(SessionAuthentication & { reauthenticatedAt: Date | null }) | undefined> {
  const row = await db
    .selectFrom('identity_session')
    .selectAll()
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    acr: row.acr,
    amr: row.amr,
    authenticatedAt: row.authenticated_at,
    partner: row.partner,
    partnerIdToken: row.partner_id_token,
    reauthenticatedAt: row.reauthenticated_at,
  };
}

export async function markReauthenticated(db: Executor, sessionId: string, at: Date): Promise<void> {
  await db
    .updateTable('identity_session')
    .set({ reauthenticated_at: at })
    .where('session_id', '=', sessionId)
    .execute();
}

export async function insertToken(
  db: Executor,
  token: {
    id: string;
    purpose: TokenPurpose;
    userId: string | null;
    email: string;
    data?: Record<string, unknown>;
    at: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('identity_token')
    .values({
      id: token.id,
      purpose: token.purpose,
      user_id: token.userId,
      email: token.email,
      data: JSON.stringify(token.data ?? {}),
      created_at: token.at,
      expires_at: token.expiresAt,
    })
    .execute();
}

export type StoredToken = {
  id: string;
  userId: string | null;
  email: string;
  data: Record<string, unknown>;
  expiresAt: Date;
};

/** A live token of this purpose, not yet used. */
export async function findLiveToken(
  db: Executor,
  id: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<StoredToken | undefined> {
  const row = await db
    .selectFrom('identity_token')
    .selectAll()
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row
    ? { id: row.id, userId: row.user_id, email: row.email, data: row.data, expiresAt: row.expires_at }
    : undefined;
}

/** Marks a token used, once: of two parallel uses only one gets `true`. */
export async function useToken(db: Executor, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('identity_token')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteExpiredTokens(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('identity_token').where('expires_at', '<=', now).execute();
}

/** The credentials of a `user_account` (the platform keeps them; the identity service changes them). */
export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('user_account').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function updateAccountEmail(db: Executor, userId: string, email: string): Promise<void> {
  await db.updateTable('user_account').set({ email }).where('id', '=', userId).execute();
}

/** The last of a deletion: everything else about the person goes with the account, by cascade. */
export async function deleteUserAccount(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('user_account').where('id', '=', userId).execute();
}

/** Links sent to an address (sign-up, reset, e-mail change), used or not: nothing keyed by a deleted e-mail stays. */
export async function deleteTokensOfEmail(db: Executor, email: string): Promise<void> {
  await db
    .deleteFrom('identity_token')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .execute();
}

/** Whether an account exists and is not disabled (what the provider asks before issuing anything for it). */
export async function isActiveAccount(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_account')
    .select('id')
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

export type InactiveAccount = { id: string; email: string; lastActivity: Date; warnedAt: Date | null };

/**
 * Accounts without a login or a service's keep-alive since the given date, longest inactive first; accounts holding
 * a role are left out (their administrations manage them).
 */
export async function listInactiveAccounts(db: Executor, since: Date, limit: number): Promise<InactiveAccount[]> {
  const lastActivity = sql<Date>`greatest(user_account.created_at, coalesce(user_account.last_login_at, user_account.created_at), coalesce(identity_account.last_keepalive_at, user_account.created_at))`;
  const rows = await db
    .selectFrom('user_account')
    .leftJoin('identity_account', 'identity_account.user_id', 'user_account.id')
    .select([
      'user_account.id',
      'user_account.email',
      lastActivity.as('last_activity'),
      'identity_account.inactivity_warned_at',
    ])
    .where(lastActivity, '<=', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('role_assignment')
            .select('role_assignment.id')
            .whereRef('role_assignment.user_id', '=', 'user_account.id'),
        ),
      ),
    )
    .orderBy(lastActivity)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    lastActivity: new Date(r.last_activity),
    warnedAt: r.inactivity_warned_at,
  }));
}
