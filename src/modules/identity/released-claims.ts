import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findConsentInForce } from './consents.repo.ts';
import { findIdentityAccount, listAttributes } from './identity.repo.ts';
import type { AttributeSource } from './identity.tables.ts';
import { ATTRIBUTES, type Attribute, CLAIMS_OF_ATTRIBUTE, PIVOT_ATTRIBUTES } from './oidc/claims.ts';

export type Provenance = { source: AttributeSource; verifiedAt: Date | null; acr: string | null };
export type PostalAddress = { street_address: string; postal_code: string; locality: string; country: string };

/** One attribute of the identity record, with where it comes from. */
export type IdentityValue = { value: string; provenance: Provenance };

export type IdentityRecord = {
  userId: string;
  email: string;
  displayName: string;
  emailVerifiedAt: Date | null;
  attributes: Partial<Record<string, IdentityValue>>;
  /** The six pivot fields all come from FranceConnect. */
  certified: { at: Date; acr: string | null } | null;
};

export async function loadIdentityRecord(db: Executor, userId: string): Promise<IdentityRecord | undefined> {
  const [account, identity, rows] = await Promise.all([
    findAccountById(db, userId),
    findIdentityAccount(db, userId),
    listAttributes(db, userId),
  ]);
  if (!account) return undefined;
  const attributes: IdentityRecord['attributes'] = {};
  for (const row of rows) {
    attributes[row.name] = {
      value: row.value,
      provenance: { source: row.source, verifiedAt: row.verified_at, acr: row.acr },
    };
  }
  // Certified when the six pivot fields all came from FranceConnect (a birthplace is '' for people born abroad).
  const pivot = PIVOT_ATTRIBUTES.map((name) => attributes[name]);
  const first = pivot[0]?.provenance;
  const certified =
    first && pivot.every((a) => a?.provenance.source === 'franceconnect')
      ? { at: first.verifiedAt ?? new Date(0), acr: first.acr }
      : null;
  return {
    userId,
    email: account.email,
    displayName: account.display_name,
    emailVerifiedAt: identity.emailVerifiedAt ?? attributes.email?.provenance.verifiedAt ?? null,
    attributes,
    certified,
  };
}

/** The value an attribute is released as, with its provenance, or undefined when the record does not hold it. */
export function attributeValue(
  record: IdentityRecord,
  attribute: Attribute,
): { claims: Record<string, unknown>; provenance: Provenance } | undefined {
  const self: Provenance = { source: 'self', verifiedAt: null, acr: null };
  switch (attribute) {
    case 'name':
      return { claims: { name: record.displayName }, provenance: self };
    case 'email': {
      const provenance = record.attributes.email?.provenance ?? { ...self, verifiedAt: record.emailVerifiedAt };
      return { claims: { email: record.email, email_verified: !!record.emailVerifiedAt }, provenance };
    }
    case 'address': {
      const stored = record.attributes.address;
      if (!stored) return undefined;
      return { claims: { address: JSON.parse(stored.value) as PostalAddress }, provenance: stored.provenance };
    }
    case 'identity_certification': {
      const claim = record.certified
        ? {
            certified: true,
            by: 'franceconnect',
            verified_at: record.certified.at.toISOString(),
            acr: record.certified.acr,
          }
        : { certified: false };
      return {
        claims: { identity_certification: claim },
        provenance: record.certified
          ? { source: 'franceconnect', verifiedAt: record.certified.at, acr: record.certified.acr }
          : self,
      };
    }
    default: {
      const stored = record.attributes[attribute];
      if (!stored) return undefined;
      return { claims: { [CLAIMS_OF_ATTRIBUTE[attribute][0]!]: stored.value }, provenance: stored.provenance };
    }
  }
}

/**
 * The claims a client receives about a citizen: only the attributes of the consent in force for that client
 * (no attribute leaves without a recorded consent), whatever the token's scopes say.
 */
export async function releasedClaims(
  services: Services,
  userId: string,
  clientId: string,
): Promise<Record<string, unknown>> {
  const consent = await findConsentInForce(services.db, userId, clientId);
  if (!consent || consent.attributes.length === 0) return {};
  const record = await loadIdentityRecord(services.db, userId);
  if (!record) return {};
  const claims: Record<string, unknown> = {};
  for (const attribute of ATTRIBUTES) {
    if (!consent.attributes.includes(attribute)) continue;
    Object.assign(claims, attributeValue(record, attribute)?.claims ?? {});
  }
  return claims;
}

export type ConsentedAttribute = { attribute: Attribute; value: unknown; provenance: Provenance };

/**
 * For other modules (the requests module's "prefill from the identity record when consented"): the attributes of a citizen
 * that a consumer may use, each with its provenance — only those of the consent in force for that consumer. The
 * consumer is an OpenID client id, or 'service:<name>' for one of the platform's own e-services (record its consent
 * with `recordServiceConsent`). Nothing without a consent.
 */
export async function getConsentedAttributes(
  services: Services,
  userId: string,
  consumerId: string,
): Promise<ConsentedAttribute[]> {
  const consent = await findConsentInForce(services.db, userId, consumerId);
  if (!consent) return [];
  const record = await loadIdentityRecord(services.db, userId);
  if (!record) return [];
  const result: ConsentedAttribute[] = [];
  for (const attribute of ATTRIBUTES) {
    if (!consent.attributes.includes(attribute)) continue;
    const released = attributeValue(record, attribute);
    if (!released) continue;
    const value = Object.values(released.claims)[0];
    result.push({ attribute, value, provenance: released.provenance });
  }
  return result;
}

/**
 * The decision in force of a citizen for a consumer, refusals included (getConsentedAttributes cannot tell a refusal
 * from no decision): what was approved and what was declined, or undefined when the citizen was never asked.
 */
export async function getConsentDecision(
  services: Services,
  userId: string,
  consumerId: string,
): Promise<{ approved: Attribute[]; refused: Attribute[] } | undefined> {
  const consent = await findConsentInForce(services.db, userId, consumerId);
  return consent
    ? { approved: consent.attributes as Attribute[], refused: consent.refused_attributes as Attribute[] }
    : undefined;
}
