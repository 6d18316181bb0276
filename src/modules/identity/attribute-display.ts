import { formatDate } from '../../platform/views/format.ts';
import type { Attribute } from './oidc/claims.ts';
import { attributeValue, type IdentityRecord, type PostalAddress } from './released-claims.ts';

const GENDERS: Record<string, string> = { female: 'Féminin', male: 'Masculin' };

/** An attribute as the citizen reads it (consent page, account page), or null when the record does not hold it. */
export function displayAttribute(record: IdentityRecord, attribute: Attribute): string | null {
  const released = attributeValue(record, attribute);
  if (!released) return null;
  const value = Object.values(released.claims)[0];
  switch (attribute) {
    case 'gender':
      return GENDERS[String(value)] ?? String(value);
    case 'birthdate':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? formatDate(`${String(value)}T12:00:00Z`) : String(value);
    case 'birthplace':
      return value ? String(value) : 'Né(e) à l’étranger';
    case 'birthcountry':
      return value === '99100' ? '99100 (France)' : String(value);
    case 'address': {
      const address = value as PostalAddress;
      return [address.street_address, `${address.postal_code} ${address.locality}`.trim(), address.country]
        .filter(Boolean)
        .join(', ');
    }
    case 'identity_certification':
      return record.certified ? 'Identité certifiée' : 'Identité non certifiée';
    default:
      return String(value);
  }
}
