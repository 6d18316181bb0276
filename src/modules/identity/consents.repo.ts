import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { OidcConsentRow } from './identity.tables.ts';

/** Consents: each decision is a row; the latest one not revoked is the one in force. */

export async function insertConsent(
  db: Executor,
  consent: {
    userId: string;
    clientId: string;
    consumerName: string;
    subject: string;
    scopes: string[];
    attributes: string[];
    refusedAttributes: string[];
    wording: string;
    at: Date;
    grantId: string | null;
  },
): Promise<OidcConsentRow> {
  return db
    .insertInto('oidc_consent')
    .values({
      user_id: consent.userId,
      client_id: consent.clientId,
      consumer_name: consent.consumerName,
      subject: consent.subject,
      scopes: consent.scopes,
      attributes: consent.attributes,
      refused_attributes: consent.refusedAttributes,
      wording: consent.wording,
      granted_at: consent.at,
      grant_id: consent.grantId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findConsentInForce(
  db: Executor,
  userId: string,
  clientId: string,
): Promise<OidcConsentRow | undefined> {
  return db
    .selectFrom('oidc_consent')
    .selectAll()
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at', 'desc')
    .orderBy('recorded_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function setConsentGrant(db: Executor, consentId: string, grantId: string): Promise<void> {
  await db.updateTable('oidc_consent').set({ grant_id: grantId }).where('id', '=', consentId).execute();
}

/** The citizen's consents in force, one per consumer (their account page). */
export async function listConsentsInForce(db: Executor, userId: string): Promise<OidcConsentRow[]> {
  const rows = await db
    .selectFrom('oidc_consent')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at', 'desc')
    .execute();
  const latest = new Map<string, OidcConsentRow>();
  for (const row of rows) if (!latest.has(row.client_id)) latest.set(row.client_id, row);
  return [...latest.values()];
}

/** Every decision ever recorded for this citizen (the data export). */
export async function listConsentHistory(db: Executor, userId: string): Promise<OidcConsentRow[]> {
  return db.selectFrom('oidc_consent').selectAll().where('user_id', '=', userId).orderBy('granted_at').execute();
}

export async function revokeConsents(db: Executor, userId: string, clientId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('oidc_consent')
    .set({
      revoked_at: at,
      // The account page's button, as the citizen read it (a refused prefill is withdrawn as a refusal).
      revocation_wording: sql<string>`CASE WHEN cardinality(attributes) = 0 AND client_id LIKE 'service:%'
        THEN 'Retirer ce refus pour ' || consumer_name ELSE 'Retirer l’autorisation donnée à ' || consumer_name END`,
    })
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Each client that ever received this citizen's `sub`, with that `sub` (tombstones at deletion). */
export async function listSubjectsSeenByClients(
  db: Executor,
  userId: string,
): Promise<Array<{ clientId: string; subject: string }>> {
  const rows = await db
    .selectFrom('oidc_consent')
    .select(['client_id', 'subject'])
    .distinct()
    .where('user_id', '=', userId)
    .where('client_id', 'not like', 'service:%')
    .execute();
  return rows.map((r) => ({ clientId: r.client_id, subject: r.subject }));
}

/** Of the given subs, those that belong to a living account this client has seen. */
export async function findKnownSubjects(
  db: Executor,
  clientId: string,
  subjects: string[],
): Promise<Map<string, string>> {
  if (subjects.length === 0) return new Map();
  const rows = await db
    .selectFrom('oidc_consent')
    .select(['subject', 'user_id'])
    .distinct()
    .where('client_id', '=', clientId)
    .where('subject', 'in', subjects)
    .execute();
  return new Map(rows.map((r) => [r.subject, r.user_id]));
}

/** Every decision recorded for these consumers, with the account it concerns (a service's consent archive). */
export async function listConsentsOfConsumers(
  db: Executor,
  consumerIds: string[],
): Promise<Array<OidcConsentRow & { email: string }>> {
  if (consumerIds.length === 0) return [];
  return db
    .selectFrom('oidc_consent')
    .innerJoin('user_account', 'user_account.id', 'oidc_consent.user_id')
    .selectAll('oidc_consent')
    .select('user_account.email')
    .where('oidc_consent.client_id', 'in', consumerIds)
    .orderBy('oidc_consent.granted_at')
    .orderBy('oidc_consent.recorded_seq')
    .execute();
}
