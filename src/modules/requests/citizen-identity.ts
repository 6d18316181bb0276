import type { Executor } from '../../platform/db/tenant-scope.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { AddressAnswer } from '../forms/answers.ts';
import type { IdentityAttribute } from '../forms/form-definition.ts';

/**
 * What the counter needs from the identity service (GrandLyon Connect, issue 3), and nothing more: attributes to
 * prefill a form with, once the citizen has consented to share them with the service's provider (G4), and whether
 * their identity is certified through FranceConnect (G3), which some e-services require.
 */
export type CitizenIdentity = {
  consentedAttributes(
    userId: string,
    context: { providerTenantId: string; eserviceSlug: string; attributes: readonly IdentityAttribute[] },
  ): Promise<Partial<Record<IdentityAttribute, string | AddressAnswer>>>;
  isCertified(userId: string): Promise<boolean>;
};

/**
 * Today's implementation, over the platform's local accounts: the account's own e-mail and display name, shown in the
 * form for the citizen to check and change before anything is sent (nothing leaves the account until they submit),
 * and no certified identity yet. The identity service replaces this with its consent records and certified attributes.
 */
export function localCitizenIdentity(db: Executor): CitizenIdentity {
  return {
    async consentedAttributes(userId, { attributes }) {
      const account = await findAccountById(db, userId);
      if (!account) return {};
      const known: Partial<Record<IdentityAttribute, string>> = { email: account.email, fullName: account.display_name };
      return Object.fromEntries(attributes.filter((a) => known[a] !== undefined).map((a) => [a, known[a] as string]));
    },
    async isCertified() {
      return false;
    },
  };
}

/** The one place to wire the identity service in when it lands. */
export function citizenIdentity(db: Executor): CitizenIdentity {
  return localCitizenIdentity(db);
}
