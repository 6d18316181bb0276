import { createHash } from 'node:crypto';
import { findAccountByEmail, findAccountById, insertAccount } from '../../../platform/auth/accounts.repo.ts';
import { openSession } from '../../../platform/auth/log-in.ts';
import type { UserAccount } from '../../../platform/db/schema.ts';
import type { Services } from '../../../platform/services.ts';
import { rememberAssertion } from '../schools.repo.ts';
import type { Profile } from '../school.tables.ts';
import { findPeopleByJointures, linkPeopleToAccount } from './educonnect.repo.ts';
import { type SamlEntities, verifyLoginResponse } from './saml.ts';

/** EduConnect's attributes by their URI names (research/ent.md §4.1). */
const OID = 'urn:oid:1.3.6.1.4.1.20326.10.999.1.';
export const EDUCONNECT_ATTRIBUTES = {
  lastName: 'urn:oid:2.5.4.4',
  firstName: 'urn:oid:2.5.4.42',
  affiliation: `${OID}7`,
  id: `${OID}57`,
  birthDate: `${OID}67`,
  uai: `${OID}72`,
  refId: 'FrEduCtRefId',
} as const;

export type EduConnectIdentity = {
  id: string;
  lastName: string;
  firstName: string;
  /** What EduConnect says the person is: a pupil or a parent (responsable), 1st or 2nd degree. */
  kind: 'pupil' | 'parent';
  /** The AAF join identifiers EduConnect knows for them (a parent has one per académie feed that lists them). */
  jointures: string[];
};

/**
 * EduConnect's attributes as the platform reads them. FrEduCtRefId values that start with `{AAF}` end with the AAF
 * join identifier after their last `|` (entcore reads them the same way); other values are other directories' keys.
 */
export function mapEduConnectAttributes(
  attributes: Record<string, string[]>,
  nameId: string,
): EduConnectIdentity | null {
  const one = (name: string) => attributes[name]?.[0]?.trim() ?? '';
  const affiliation = one(EDUCONNECT_ATTRIBUTES.affiliation);
  const kind = /^eleve[12]d$/.test(affiliation) ? 'pupil' : /^resp[12]d$/.test(affiliation) ? 'parent' : null;
  const id = one(EDUCONNECT_ATTRIBUTES.id) || nameId;
  if (!kind || !id) return null;
  const jointures = (attributes[EDUCONNECT_ATTRIBUTES.refId] ?? [])
    .filter((v) => v.startsWith('{AAF}'))
    .map((v) => v.split('|').pop()?.trim() ?? '')
    .filter((v) => /^[A-Za-z0-9_-]{1,64}$/.test(v));
  return {
    id,
    kind,
    lastName: one(EDUCONNECT_ATTRIBUTES.lastName),
    firstName: one(EDUCONNECT_ATTRIBUTES.firstName),
    jointures,
  };
}

export type EduConnectResult =
  | { ok: true; sessionToken: string; portal: { tenantId: string; uai: string } | null }
  | { ok: false; reason: 'invalid_response' | 'replayed' | 'unsupported_profile' | 'unknown_person' };

/** The platform account of someone who signs in with EduConnect alone: no e-mail, no password, found by their EduConnect id. */
function eduConnectAccountEmail(id: string): string {
  return `educonnect-${createHash('sha256').update(id).digest('hex').slice(0, 32)}@educonnect.invalid`;
}

/**
 * Signs a pupil or parent in from EduConnect's signed response: checks it (a tampered, expired or replayed response
 * is refused), finds them in the schools' directory by their AAF join identifier, links the person to a platform
 * account (theirs when a profile is already linked, else one made for their EduConnect identity) and opens a session.
 */
export async function signInWithEduConnect(
  services: Services,
  saml: SamlEntities,
  options: { samlResponse: string; ip: string; userAgent: string | null },
): Promise<EduConnectResult> {
  let verified;
  try {
    verified = await verifyLoginResponse(saml, options.samlResponse);
  } catch (error) {
    services.logger.warn(
      { event: 'educonnect_refused', reason: error instanceof Error ? error.message.slice(0, 120) : 'unknown' },
      'EduConnect response refused',
    );
    return { ok: false, reason: 'invalid_response' };
  }
  const now = services.clock.now();
  if (!(await rememberAssertion(services.db, verified.assertionId, new Date(now.getTime() + 24 * 3600_000))))
    return { ok: false, reason: 'replayed' };
  const identity = mapEduConnectAttributes(verified.attributes, verified.nameId);
  if (!identity) return { ok: false, reason: 'unsupported_profile' };
  const people = await findPeopleByJointures(services.db, identity.jointures);
  const wanted: Profile = identity.kind;
  const profiles = people.filter((p) => p.profile === wanted);
  if (profiles.length === 0) return { ok: false, reason: 'unknown_person' };

  const linked = profiles.find((p) => p.accountId);
  let account: UserAccount | undefined = linked?.accountId
    ? await findAccountById(services.db, linked.accountId)
    : undefined;
  if (!account) {
    const email = eduConnectAccountEmail(identity.id);
    account =
      (await findAccountByEmail(services.db, email)) ??
      (await insertAccount(services.db, {
        email,
        displayName: `${identity.firstName} ${identity.lastName}`.trim() || 'Compte EduConnect',
        passwordHash: null,
        at: now,
      }));
  }
  const accountId = account.id;
  await linkPeopleToAccount(
    services.db,
    profiles.map((p) => p.personId),
    accountId,
  );
  const session = await openSession(services, account, {
    ip: options.ip,
    userAgent: options.userAgent,
    method: 'educonnect',
  });
  const first = profiles[0];
  return {
    ok: true,
    sessionToken: session.sessionToken,
    portal: first ? { tenantId: first.tenantId, uai: first.uai } : null,
  };
}
