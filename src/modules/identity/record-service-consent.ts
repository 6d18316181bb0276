import { recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { insertConsent } from './consents.repo.ts';
import { ATTRIBUTES, type Attribute } from './oidc/claims.ts';

/**
 * Consent for the platform's own e-services (the requests module's "prefill from my identity record"): records the citizen's
 * decision for a service, with the words shown; `getConsentedAttributes(services, userId, 'service:<name>')` then
 * returns those attributes. The consent is listed on the account page and revocable there like any other.
 */
export async function recordServiceConsent(
  services: Services,
  options: {
    userId: string;
    service: string;
    serviceName: string;
    requested: Attribute[];
    approved: Attribute[];
    wording: string;
    ip: string | null;
  },
): Promise<void> {
  const now = services.clock.now();
  const consumerId = `service:${options.service}`;
  const approved = ATTRIBUTES.filter((a) => options.requested.includes(a) && options.approved.includes(a));
  const refused = ATTRIBUTES.filter((a) => options.requested.includes(a) && !approved.includes(a));
  await services.db.transaction().execute(async (trx) => {
    await insertConsent(trx, {
      userId: options.userId,
      clientId: consumerId,
      consumerName: options.serviceName,
      subject: '',
      scopes: [],
      attributes: approved,
      refusedAttributes: refused,
      wording: options.wording,
      at: now,
      grantId: null,
    });
    await recordAudit(trx, {
      actor: { userId: options.userId, label: options.userId, ip: options.ip },
      tenantId: null,
      action: 'identity.consent.grant',
      target: { type: 'service', id: consumerId },
      details: { attributes: approved, refused },
      at: now,
    });
  });
}
