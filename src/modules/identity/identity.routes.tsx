import type { FastifyInstance } from 'fastify';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { countSessionsOfUser, deleteSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import type { ApiRegistry } from '../../platform/http/api.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { identityRuntime } from './identity-runtime.ts';
import { registerLoginRoutes } from './login.routes.tsx';
import { registerOidcRoutes } from './oidc.routes.tsx';
import { OidcProviderHost } from './oidc/provider.ts';
import { AccountPage } from './views/account-page.tsx';

const ROLE_LABELS = { agent: 'Agent', admin: 'Administrateur de la commune', operator: 'Opérateur de la Métropole' } as const;

/**
 * The identity service (GrandLyon Connect, issue 3): login and logout, sign-up, the account page and the identity
 * record, the OpenID Connect provider and its consent pages, FranceConnect and ProConnect, the communes' connection
 * kit, and the deleted-accounts API.
 */
export async function registerIdentityRoutes(app: FastifyInstance, api: ApiRegistry): Promise<void> {
  const { services } = app;
  const runtime = await identityRuntime(services);
  const host = new OidcProviderHost(services, runtime);
  registerLoginRoutes(app);
  await registerOidcRoutes(app, host);
  void api;

  app.get('/compte', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    if (!account) throw new Error('session without account');
    const roles: Array<{ tenantName: string; role: string; href: string | null }> = [];
    for (const grant of user.grants) {
      const tenant = await services.tenants.byId(grant.tenantId);
      if (!tenant) continue;
      const adminHref = grant.role === 'admin' ? tenantPath(tenant.slug, '/admin') : grant.role === 'operator' ? '/admin' : null;
      roles.push({ tenantName: tenant.name, role: ROLE_LABELS[grant.role], href: adminHref });
    }
    const sessions = await countSessionsOfUser(services.db, user.id, services.clock.now());
    const notice = (request.query as Record<string, unknown>).fait === 'sessions' ? 'Les autres appareils ont été déconnectés.' : undefined;
    return sendPage(request, reply, (context) =>
      AccountPage({
        context,
        account: { displayName: account.display_name, email: account.email, lastLoginAt: account.last_login_at },
        roles,
        otherSessions: Math.max(0, sessions - 1),
        notice,
      }),
    );
  });

  app.post('/compte/autres-sessions', async (request, reply) => {
    const user = requireUser(request);
    await deleteSessionsOfUser(services.db, user.id, user.sessionId);
    return redirectWithin(request, reply, '/compte?fait=sessions');
  });
}
