import { jwtVerify } from 'jose';
import type { AccessTokens } from '../../platform/auth/access-tokens.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import { findClient } from './clients.repo.ts';
import type { OidcClientRow } from './identity.tables.ts';
import { oidcIssuer, type OidcProviderHost } from './oidc/provider.ts';
import { type ServiceApi, serviceApis } from './oidc/service-apis.ts';

/**
 * A client-credentials token for one of our APIs: a JWT (RFC 9068) the provider signed for that API's resource, checked
 * against the published keys without a lookup; then its client, which must still be active with the service-API right
 * (a disabled client's tokens stop at once). Undefined when any of that fails.
 */
export async function verifyServiceToken(
  services: Services,
  host: OidcProviderHost,
  value: string,
  api: ServiceApi,
): Promise<{ client: OidcClientRow; scopes: string[] } | undefined> {
  let token: Record<string, unknown>;
  try {
    ({ payload: token } = await jwtVerify(value, await host.publicKeys(), {
      issuer: oidcIssuer(services),
      audience: api.resource,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    }));
  } catch {
    return undefined;
  }
  const client = typeof token.client_id === 'string' ? await findClient(services.db, token.client_id) : undefined;
  if (!client || client.status !== 'active' || !client.service_api) return undefined;
  return {
    client,
    scopes: String(token.scope ?? '')
      .split(' ')
      .filter(Boolean),
  };
}

/**
 * The provider's tokens, as the other modules check them: the back-office API (a commune's software, with a
 * client-credentials token for `<PUBLIC_URL>/api/gru`, acting for the commune that registered the client) and the
 * requests' API (a citizen's access token from the authorization-code flow, e.g. a mobile app submitting a request).
 */
export function identityAccessTokens(services: Services, host: OidcProviderHost): AccessTokens {
  return {
    async backofficeClient(value) {
      const verified = await verifyServiceToken(services, host, value, serviceApis(services).backoffice);
      if (!verified) return null;
      return {
        clientId: verified.client.id,
        tenantId: verified.client.tenant_id,
        scopes: verified.scopes,
        label: verified.client.name,
      };
    },
    async citizen(value) {
      // A citizen's access token is opaque and stored: looking it up sees a revocation (consent withdrawn, logout,
      // account deleted) at once.
      const token = await (await host.current()).AccessToken.find(value);
      if (
        !token ||
        token.isExpired ||
        !token.accountId ||
        !String(token.scope ?? '')
          .split(' ')
          .includes('openid')
      )
        return undefined;
      const client = token.clientId ? await findClient(services.db, token.clientId) : undefined;
      if (!client || client.status !== 'active') return undefined;
      const account = await findAccountById(services.db, token.accountId);
      if (!account || account.disabled_at) return undefined;
      return { userId: account.id, email: account.email, displayName: account.display_name, via: 'bearer' };
    },
  };
}
