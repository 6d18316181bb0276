import type { Grant } from 'oidc-provider';
import type { OidcConsentRow } from '../identity.tables.ts';
import { ATTRIBUTES, CLAIMS_OF_ATTRIBUTE } from './claims.ts';

/**
 * Writes a consent decision into an oidc-provider grant: the scopes asked for are granted, the claims of attributes
 * the citizen approved are granted and those of attributes they declined are rejected (so they are filtered out of
 * ID tokens and userinfo, and not asked again); `offline_access` only if approved. An attribute never asked for is
 * neither: asking for it later brings the consent page back.
 */
export function applyConsentToGrant(
  grant: InstanceType<typeof Grant>,
  consent: Pick<OidcConsentRow, 'scopes' | 'attributes' | 'refused_attributes'>,
): void {
  const claimsOf = (names: string[]) =>
    ATTRIBUTES.filter((a) => names.includes(a)).flatMap((a) => CLAIMS_OF_ATTRIBUTE[a]);
  grant.addOIDCScope(consent.scopes.join(' '));
  if (!consent.scopes.includes('offline_access')) grant.rejectOIDCScope('offline_access');
  const approved = claimsOf(consent.attributes);
  if (approved.length) grant.addOIDCClaims(approved);
  const refused = claimsOf(consent.refused_attributes);
  if (refused.length) grant.rejectOIDCClaims(refused);
}
