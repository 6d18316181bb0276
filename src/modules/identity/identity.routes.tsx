import type { FastifyInstance } from 'fastify';
import type { ApiRegistry } from '../../platform/http/api.ts';
import { registerAccountRoutes } from './account.routes.tsx';
import { registerAccountSecurityRoutes } from './account-security.routes.tsx';
import { registerClientRoutes } from './clients.routes.tsx';
import { registerFederationRoutes } from './federation.routes.tsx';
import { registerIdentityApi } from './identity.api.ts';
import { registerIdentityRecordRoutes } from './identity-record.routes.tsx';
import { registerLoginRoutes } from './login.routes.tsx';
import { registerOidcRoutes } from './oidc.routes.tsx';
import { providerHostState } from './oidc/provider.ts';
import { registerSignUpRoutes } from './sign-up.routes.tsx';

/**
 * The identity service (GrandLyon Connect): login and logout, sign-up, the account page and the identity
 * record, the OpenID Connect provider and its consent pages, FranceConnect and ProConnect, the communes' connection
 * kit, and the deleted-accounts API.
 */
export async function registerIdentityRoutes(app: FastifyInstance, api: ApiRegistry): Promise<void> {
  const host = app.services.states.get(providerHostState);
  registerLoginRoutes(app);
  registerSignUpRoutes(app);
  registerAccountRoutes(app);
  registerIdentityRecordRoutes(app);
  registerAccountSecurityRoutes(app);
  registerFederationRoutes(app);
  registerClientRoutes(app);
  await registerOidcRoutes(app, host);
  registerIdentityApi(app, api, host);
}
