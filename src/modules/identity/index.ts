import type { AppModule } from '../../platform/app-module/app-module.ts';
import * as m0100 from './migrations/0100_identity.ts';
import * as m0611 from './migrations/0611_consent_withdrawal_wording.ts';
import { partnerConfigurationsState } from './federation/partners.ts';
import { identityRuntimeState } from './identity-runtime.ts';
import { seedIdentityDemo } from './identity.demo.ts';
import { identityHousekeepingJob, inactivityReviewJob } from './identity.jobs.ts';
import { registerIdentityRoutes } from './identity.routes.tsx';
import type { IdentityTables } from './identity.tables.ts';
import { providerHostState } from './oidc/provider.ts';
import { identityAccessTokens } from './service-tokens.ts';

/**
 * The identity service (GrandLyon Connect): accounts and identity records, the OpenID Connect provider, consents,
 * FranceConnect and ProConnect, the communes' connection kit, inactivity deletion.
 */
export const identityModule: AppModule<IdentityTables> = {
  name: 'identity',
  migrations: { '0100_identity': m0100, '0611_consent_withdrawal_wording': m0611 },
  routes: registerIdentityRoutes,
  jobs: [inactivityReviewJob, identityHousekeepingJob],
  state: [identityRuntimeState, partnerConfigurationsState, providerHostState],
  provides: (services) => ({ accessTokens: identityAccessTokens(services, services.states.get(providerHostState)) }),
  seedDemo: seedIdentityDemo,
  crossTenantCases: async () => (await import('./identity.cross-tenant.ts')).identityCases,
};

// What the other modules use of the identity service.
export { displayAttribute } from './attribute-display.ts';
export { createInvitedAccount } from './create-invited-account.ts';
export { PASSWORD_RULES_HINT, passwordProblem } from './password-policy.ts';
export { ProConnectButton } from './views/partner-buttons.tsx';
export { registerClient } from './register-client.ts';
export { setClientState } from './manage-client.ts';
export { setSessionCookie } from './start-session.ts';
export { recordServiceConsent } from './record-service-consent.ts';
export { type ConsentArchiveEntry, consentArchiveOfCitizen, consentArchiveOfConsumers } from './consent-archive.ts';
export { exportPersonalData, personalDataArchive } from './export-personal-data.ts';
export { writeAttribute } from './identity.repo.ts';
export { ATTRIBUTE_LABELS, type Attribute, PIVOT_ATTRIBUTES } from './oidc/claims.ts';
export { BACKOFFICE_API_SCOPE } from './oidc/service-apis.ts';
export {
  attributeValue,
  getConsentDecision,
  getConsentedAttributes,
  loadIdentityRecord,
  type PostalAddress,
  type Provenance,
} from './released-claims.ts';
export { AttributeChoice } from './views/provenance.tsx';
export { constantTimeEquals, newToken, SecretBox, tokenDigest } from './secret-box.ts';
