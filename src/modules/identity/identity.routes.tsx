import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../platform/auth/session-cookie.ts';
import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { logIn, SESSION_ABSOLUTE_MS } from '../../platform/auth/log-in.ts';
import { countSessionsOfUser, deleteSession, deleteSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireUser, safeReturnPath } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { AccountPage } from './views/account-page.tsx';
import { LoginPage } from './views/login-page.tsx';

const ZLoginForm = z.object({
  email: z.string().trim().min(1, 'Saisissez votre adresse électronique').pipe(z.email('Saisissez une adresse électronique valide, par exemple prenom.nom@example.org')),
  password: z.string().min(1, 'Saisissez votre mot de passe').max(1024, 'Le mot de passe est trop long'),
});

const ROLE_LABELS = { agent: 'Agent', admin: 'Administrateur de la commune', operator: 'Opérateur de la Métropole' } as const;

/** Local accounts: log in, log out, the account page. The identity service (GrandLyon Connect) extends these. */
export function registerIdentityRoutes(app: FastifyInstance): void {
  const { services } = app;
  const { config } = services;

  app.get('/connexion', async (request, reply) => {
    const returnPath = safeReturnPath((request.query as Record<string, unknown>).retour);
    if (request.user) return redirectWithin(request, reply, returnPath ?? '/compte');
    return sendPage(request, reply, (context) => LoginPage({ context, values: {}, errors: {}, returnPath }));
  });

  app.post(
    '/connexion',
    // A first, per-process brake in front of the database counters (which are the real, shared limit).
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request, reply) => {
      const returnPath = safeReturnPath((request.query as Record<string, unknown>).retour);
      const form = parseForm(ZLoginForm, request.body);
      if (!form.ok) {
        const email = typeof form.values.email === 'string' ? form.values.email : undefined;
        return sendPage(request, reply, (context) => LoginPage({ context, values: { email }, errors: form.errors, returnPath }), 422);
      }
      const result = await logIn(services, {
        email: form.data.email,
        password: form.data.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (!result.ok) {
        const message =
          result.reason === 'throttled'
            ? 'Trop de tentatives de connexion. Patientez 15 minutes avant de réessayer.'
            : 'Adresse électronique ou mot de passe incorrect.';
        const status = result.reason === 'throttled' ? 429 : 401;
        return sendPage(
          request,
          reply,
          (context) => LoginPage({ context, values: { email: form.data.email }, errors: { email: message }, returnPath }),
          status,
        );
      }
      void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        path: '/',
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
      return redirectWithin(request, reply, returnPath ?? '/compte');
    },
  );

  app.post('/deconnexion', async (request, reply) => {
    if (request.user) {
      const user = request.user;
      await services.db.transaction().execute(async (trx) => {
        await deleteSession(trx, user.sessionId);
        await recordAudit(trx, {
          actor: { userId: user.id, label: user.email, ip: request.ip },
          tenantId: null,
          action: 'session.logout',
          target: { type: 'user_account', id: user.id },
          at: services.clock.now(),
        });
      });
    }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirectWithin(request, reply, '/');
  });

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
