import type { Services } from '../../platform/services.ts';
import { type AddressAnswer, communeOfAddress, type IdentityAttribute } from '../forms/index.ts';
import {
  type Attribute,
  ATTRIBUTE_LABELS,
  attributeValue,
  displayAttribute,
  getConsentDecision,
  getConsentedAttributes,
  loadIdentityRecord,
  type PostalAddress,
  type Provenance,
  recordServiceConsent,
} from '../identity/index.ts';

/**
 * What requests need from the identity service (GrandLyon Connect): attributes to prefill a form with,
 * only under a consent the citizen recorded for that e-service, and whether their identity is certified
 * through FranceConnect, which `certified` e-services require.
 */

/** The one mapping between the form engine's prefill names and the identity record's attributes. */
export const IDENTITY_ATTRIBUTE_OF: Record<IdentityAttribute, Attribute> = {
  email: 'email',
  fullName: 'name',
  givenName: 'given_name',
  familyName: 'family_name',
  phone: 'phone_number',
  birthdate: 'birthdate',
  address: 'address',
};

export type PrefillValue = string | AddressAnswer;

/** The e-service that receives the attributes, named as the citizen sees it (consent step, account page). */
export type PrefillConsumer = { eserviceId: string; title: string; providerName: string };

/**
 * One consumer per e-service, keyed by its id: a consent covers that service only (not every service of its provider),
 * survives a renamed slug or title and a new form version, is never inherited by another service reusing a slug, and
 * the key needs no escaping in the account page's revocation URL.
 */
export const prefillServiceName = (eserviceId: string) => `eservice-${eserviceId}`;
/** The consumer an e-service's prefill consents are recorded under (identity's archive is kept per consumer). */
export const consumerIdOf = (eserviceId: string) => `service:${prefillServiceName(eserviceId)}`;

/** An attribute the consent step asks about: the value that would be used and where it comes from. */
export type PrefillItem = {
  attribute: IdentityAttribute;
  label: string;
  display: string | null;
  provenance: Provenance | null;
  approved: boolean;
};

/** The question shown on the consent step, stored word for word with the decision. */
export function prefillConsentWording(consumer: PrefillConsumer, attributes: readonly IdentityAttribute[]): string {
  const labels = attributes.map((a) => ATTRIBUTE_LABELS[IDENTITY_ATTRIBUTE_OF[a]].toLowerCase());
  return (
    `La démarche « ${consumer.title} », proposée par ${consumer.providerName}, demande à pré-remplir son formulaire avec ` +
    `des informations de votre compte : ${labels.join(', ')}. Cochez celles que vous acceptez de lui transmettre ; ` +
    'vous pourrez les corriger dans le formulaire et retirer cette autorisation depuis votre compte. ' +
    `Rien n’est transmis à ${consumer.providerName} avant l’envoi de votre demande.`
  );
}

/** An identity value in the form engine's format (the answer a field of that kind holds). */
function toAnswer(attribute: Attribute, value: unknown): PrefillValue | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (attribute === 'address') {
    const address = value as PostalAddress;
    const matched = communeOfAddress(address.postal_code, address.locality);
    return {
      street: address.street_address,
      postcode: address.postal_code,
      city: address.locality,
      inseeCode: matched.ok ? matched.commune.inseeCode : null,
    };
  }
  return String(value);
}

export type CitizenIdentity = {
  isCertified(userId: string): Promise<boolean>;
  /** The attributes under the consent in force for this e-service, in the form's formats; nothing without one. */
  consentedAttributes(
    userId: string,
    eserviceId: string,
    attributes: readonly IdentityAttribute[],
  ): Promise<Partial<Record<IdentityAttribute, PrefillValue>>>;
  /**
   * What the consent step must ask, or null when the decision in force (approval or refusal) already covers every
   * attribute the form asks for. A form version asking for a new attribute asks again, ticking what was approved.
   */
  pendingConsent(
    userId: string,
    eserviceId: string,
    attributes: readonly IdentityAttribute[],
  ): Promise<PrefillItem[] | null>;
  /** The consent step's items whatever was decided, ticked as the decision in force says (to change one's mind). */
  consentChoices(userId: string, eserviceId: string, attributes: readonly IdentityAttribute[]): Promise<PrefillItem[]>;
  /** The form's attributes the decision in force refused, as the citizen reads them (lower case), in the form's order. */
  refusedAttributes(userId: string, eserviceId: string, attributes: readonly IdentityAttribute[]): Promise<string[]>;
  recordConsent(options: {
    userId: string;
    consumer: PrefillConsumer;
    requested: readonly IdentityAttribute[];
    approved: readonly IdentityAttribute[];
    ip: string | null;
  }): Promise<void>;
};

export function citizenIdentity(services: Services): CitizenIdentity {
  const identity: CitizenIdentity = {
    async isCertified(userId) {
      return !!(await loadIdentityRecord(services.db, userId))?.certified;
    },

    async consentedAttributes(userId, eserviceId, attributes) {
      const released = await getConsentedAttributes(services, userId, consumerIdOf(eserviceId));
      const result: Partial<Record<IdentityAttribute, PrefillValue>> = {};
      for (const attribute of attributes) {
        const found = released.find((r) => r.attribute === IDENTITY_ATTRIBUTE_OF[attribute]);
        const value = found ? toAnswer(found.attribute, found.value) : undefined;
        if (value !== undefined) result[attribute] = value;
      }
      return result;
    },

    async pendingConsent(userId, eserviceId, attributes) {
      const consent = await getConsentDecision(services, userId, consumerIdOf(eserviceId));
      const decided = new Set([...(consent?.approved ?? []), ...(consent?.refused ?? [])]);
      if (attributes.every((a) => decided.has(IDENTITY_ATTRIBUTE_OF[a]))) return null;
      return identity.consentChoices(userId, eserviceId, attributes);
    },

    async refusedAttributes(userId, eserviceId, attributes) {
      const consent = await getConsentDecision(services, userId, consumerIdOf(eserviceId));
      return attributes
        .map((a) => IDENTITY_ATTRIBUTE_OF[a])
        .filter((name) => consent?.refused.includes(name))
        .map((name) => ATTRIBUTE_LABELS[name].toLowerCase());
    },

    async consentChoices(userId, eserviceId, attributes) {
      const consent = await getConsentDecision(services, userId, consumerIdOf(eserviceId));
      const record = await loadIdentityRecord(services.db, userId);
      return attributes.map((attribute) => {
        const name = IDENTITY_ATTRIBUTE_OF[attribute];
        return {
          attribute,
          label: ATTRIBUTE_LABELS[name],
          display: record ? displayAttribute(record, name) : null,
          provenance: record ? (attributeValue(record, name)?.provenance ?? null) : null,
          approved: consent?.approved.includes(name) ?? false,
        };
      });
    },

    async recordConsent({ userId, consumer, requested, approved, ip }) {
      await recordServiceConsent(services, {
        userId,
        service: prefillServiceName(consumer.eserviceId),
        serviceName: `${consumer.title} (${consumer.providerName})`,
        requested: requested.map((a) => IDENTITY_ATTRIBUTE_OF[a]),
        approved: approved.filter((a) => requested.includes(a)).map((a) => IDENTITY_ATTRIBUTE_OF[a]),
        wording: prefillConsentWording(consumer, requested),
        ip,
      });
    },
  };
  return identity;
}
