import * as client from 'openid-client';
import type { FederationPartnerConfig } from '../../../config.ts';
import { moduleState } from '../../../platform/app-module/module-state.ts';
import type { Services } from '../../../platform/services.ts';
import type { FederationPartner } from '../identity.tables.ts';

export const PARTNER_LABELS: Record<FederationPartner, string> = {
  franceconnect: 'FranceConnect',
  proconnect: 'ProConnect',
};

/**
 * What we ask each partner for. FranceConnect v2: the six pivot fields and the e-mail, at eIDAS level 1. ProConnect:
 * the agent's names, e-mail, organisation and identity provider. Only documented parameters are ever sent: both
 * refuse unknown ones.
 */
export const PARTNER_REQUESTS: Record<FederationPartner, { scope: string; acrValues?: string }> = {
  franceconnect: {
    scope: 'openid given_name family_name birthdate gender birthplace birthcountry email',
    acrValues: 'eidas1',
  },
  proconnect: { scope: 'openid given_name usual_name email uid siret idp_id' },
};

export function partnerConfig(services: Services, partner: FederationPartner): FederationPartnerConfig | null {
  return partner === 'franceconnect' ? services.config.identity.franceConnect : services.config.identity.proConnect;
}

export function callbackUrl(services: Services, partner: FederationPartner): string {
  return `${services.config.publicUrl}/${partner}/retour`;
}

export function logoutCallbackUrl(services: Services, partner: FederationPartner): string {
  return `${services.config.publicUrl}/${partner}/deconnexion`;
}

/** Plain HTTP is accepted only on this machine (tests and local trials against a partner's simulator). */
function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

/** Each partner's discovered configuration, per application. */
export const partnerConfigurationsState = moduleState(
  'identity.partner-configurations',
  () => new Map<FederationPartner, Promise<client.Configuration>>(),
);

/**
 * The partner's discovered configuration (cached per process). Signed ID tokens AND signed userinfo are verified
 * against the partner's published keys (`enableNonRepudiationChecks`): FranceConnect v2 makes that mandatory.
 */
export function partnerClient(services: Services, partner: FederationPartner): Promise<client.Configuration> {
  const settings = partnerConfig(services, partner);
  if (!settings) return Promise.reject(new Error(`${partner} is not configured`));
  const perServices = services.states.get(partnerConfigurationsState);
  let configuration = perServices.get(partner);
  if (!configuration) {
    const execute = [
      client.enableNonRepudiationChecks,
      ...(isLoopback(settings.issuer) ? [client.allowInsecureRequests] : []),
    ];
    configuration = client.discovery(
      new URL(settings.issuer),
      settings.clientId,
      {
        client_secret: settings.clientSecret,
        id_token_signed_response_alg: 'ES256',
        userinfo_signed_response_alg: 'ES256',
      },
      client.ClientSecretPost(settings.clientSecret),
      { execute },
    );
    // A failed discovery (partner down) is retried on the next login rather than remembered.
    configuration.catch(() => perServices.delete(partner));
    perServices.set(partner, configuration);
  }
  return configuration;
}
