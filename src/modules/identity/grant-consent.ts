import type Provider from 'oidc-provider';
import { recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { OidcClientRow } from './identity.tables.ts';
import { insertConsent } from './consents.repo.ts';
import { identityRuntime, pairwiseSubject } from './identity-runtime.ts';
import type { Attribute } from './oidc/claims.ts';
import { applyConsentToGrant } from './oidc/consent-grant.ts';

export type GrantConsentOptions = {
  provider: Provider;
  userId: string;
  client: OidcClientRow;
  /** OIDC scopes of the request (openid, profile…). */
  scopes: string[];
  requested: Attribute[];
  approved: Attribute[];
  offlineAccess: boolean;
  /** The question shown, recorded with the answer. */
  question: string;
  ip: string;
};

/**
 * Records a citizen's decision for a client: which attributes, refused ones too, when, and the words they
 * were shown; then the provider's grant that carries exactly that decision. Returns the grant's id.
 */
export async function grantConsent(services: Services, options: GrantConsentOptions): Promise<string> {
  const { provider, client } = options;
  const now = services.clock.now();
  const approved = options.requested.filter((a) => options.approved.includes(a));
  const refused = options.requested.filter((a) => !approved.includes(a));
  const scopes = options.scopes.filter((s) => s !== 'offline_access' || options.offlineAccess);
  const decision = { scopes, attributes: approved, refused_attributes: refused };
  const grant = new provider.Grant({ accountId: options.userId, clientId: client.id });
  applyConsentToGrant(grant, decision);
  const grantId = await grant.save();
  const { pairwiseSalt } = await identityRuntime(services);
  const wording = [
    options.question,
    approved.length
      ? `Transmis avec votre accord : ${approved.join(', ')}.`
      : 'Aucune information transmise hormis l’identifiant.',
    refused.length ? `Refusé : ${refused.join(', ')}.` : '',
    options.scopes.includes('offline_access')
      ? options.offlineAccess
        ? 'Accès prolongé accepté.'
        : 'Accès prolongé refusé.'
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  await services.db.transaction().execute(async (trx) => {
    await insertConsent(trx, {
      userId: options.userId,
      clientId: client.id,
      consumerName: client.name,
      subject: pairwiseSubject(pairwiseSalt, client.sector, options.userId),
      scopes,
      attributes: approved,
      refusedAttributes: refused,
      wording,
      at: now,
      grantId,
    });
    await recordAudit(trx, {
      actor: { userId: options.userId, label: options.userId, ip: options.ip },
      tenantId: null,
      action: 'identity.consent.grant',
      target: { type: 'oidc_client', id: client.id },
      details: { attributes: approved, refused },
      at: now,
    });
  });
  return grantId;
}
