import type { Executor } from '../../platform/db/tenant-scope.ts';
import { listConsentHistory, listConsentsOfConsumers } from './consents.repo.ts';
import type { OidcConsentRow } from './identity.tables.ts';
import { ATTRIBUTE_LABELS, type Attribute } from './oidc/claims.ts';

/** One decision of the consent archive (P1): given or refused, withdrawn or not, with the words shown each time. */
export type ConsentArchiveEntry = {
  consumerId: string;
  consumerName: string;
  email: string | null;
  approved: string[];
  refused: string[];
  wording: string;
  grantedAt: Date;
  revokedAt: Date | null;
  revocationWording: string | null;
};

const labelsOf = (names: string[]) => names.map((n) => ATTRIBUTE_LABELS[n as Attribute] ?? n);

const entryOf = (row: OidcConsentRow, email: string | null): ConsentArchiveEntry => ({
  consumerId: row.client_id,
  consumerName: row.consumer_name,
  email,
  approved: labelsOf(row.attributes),
  refused: labelsOf(row.refused_attributes),
  wording: row.wording,
  grantedAt: row.granted_at,
  revokedAt: row.revoked_at,
  revocationWording: row.revocation_wording,
});

/** Every consent decision a citizen made, oldest first (their copy of the archive). */
export async function consentArchiveOfCitizen(db: Executor, userId: string): Promise<ConsentArchiveEntry[]> {
  return (await listConsentHistory(db, userId)).map((row) => entryOf(row, null));
}

/**
 * Every decision recorded for these consumers (`service:eservice-<id>` for an e-service's prefill, an OpenID
 * client's id for a portal), with the account's e-mail: the controller's proof of consent, per service.
 */
export async function consentArchiveOfConsumers(db: Executor, consumerIds: string[]): Promise<ConsentArchiveEntry[]> {
  return (await listConsentsOfConsumers(db, consumerIds)).map((row) => entryOf(row, row.email));
}
