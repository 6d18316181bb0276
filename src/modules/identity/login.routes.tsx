import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import { verifyCredentials } from '../../platform/auth/log-in.ts';
import { SESSION_COOKIE } from '../../platform/auth/session-cookie.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { ZReturnPath } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import { beginSecondFactor, SECOND_FACTOR_COOKIE, SECOND_FACTOR_MINUTES } from './begin-second-factor.ts';
import { completeSecondFactor } from './complete-second-factor.ts';
import { logoutCallbackUrl, partnerClient, partnerConfig } from './federation/partners.ts';
import { findIdentityAccount, findLiveToken, findSessionAuthentication } from './identity.repo.ts';
import { logOut } from './log-out.ts';
import { tokenDigest } from './secret-box.ts';
import type { FederationPartner } from './identity.tables.ts';
import { ACR } from './oidc/claims.ts';
import { interactionTarget } from './oidc/interaction-target.ts';
import { extendFormAction } from './oidc/page-support.ts';
import { setSessionCookie, startSession } from './start-session.ts';
import { ZTotpCodeForm } from './totp.ts';
import { warnOfLockout } from './warn-of-lockout.ts';
import { LoginPage, SecondFactorPage } from './views/login-page.tsx';

const ZLoginForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Saisissez votre adresse électronique')
    .pipe(z.email('Saisissez une adresse électronique valide, par exemple prenom.nom@example.org')),
  password: z.string().min(1, 'Saisissez votre mot de passe').max(1024, 'Le mot de passe est trop long'),
});

/** Where to go once logged in, and the notice after a logout (any other value is ignored). */
const ZLoginQuery = z.object({ retour: ZReturnPath, fait: z.string().optional().catch(undefined) });

/** The state a partner's end-session endpoint sends back, checked against the one this browser kept. */
const ZPartnerLogoutQuery = z.object({ state: z.string().optional().catch(undefined) });

const PARTNER_LOGOUT_COOKIE = 'communs_partner_logout';
/** oidc-provider's session cookie: present when this browser is signed in to relying parties through us. */
export const PROVIDER_SESSION_COOKIE = '_session';

const returnPathOf = (request: FastifyRequest) => parseQuery(ZLoginQuery, request).retour;

/** Login (password, then the second factor when the account has one), logout (also from FranceConnect). */
export function registerLoginRoutes(app: FastifyInstance): void {
  const { services } = app;
  const { config } = services;

  const partnerLinks = (request: FastifyRequest, returnPath: string | undefined) => {
    const query = returnPath ? `?retour=${encodeURIComponent(returnPath)}` : '';
    return {
      franceConnect: config.identity.franceConnect ? `${request.basePath}/franceconnect/connexion${query}` : null,
      proConnect: config.identity.proConnect ? `${request.basePath}/proconnect/connexion${query}` : null,
    };
  };

  /** The login page; inside an authorization request it names the service and lets its redirects through. */
  const loginPage = async (
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[1],
    props: { email?: string; errors: Record<string, string> },
    status = 200,
  ) => {
    const query = parseQuery(ZLoginQuery, request);
    const returnPath = query.retour;
    const target = await interactionTarget(services, returnPath);
    if (target) extendFormAction(reply.raw, target.origins);
    const notice = query.fait === 'deconnexion' ? 'Vous êtes déconnecté.' : undefined;
    return sendPage(
      request,
      reply,
      (context) =>
        LoginPage({
          context,
          values: { email: props.email },
          errors: props.errors,
          returnPath,
          partners: partnerLinks(request, returnPath),
          forService: target?.clientName,
          notice,
        }),
      status,
    );
  };

  app.get('/connexion', async (request, reply) => {
    const returnPath = returnPathOf(request);
    if (request.user) return redirectWithin(request, reply, returnPath ?? '/compte');
    return loginPage(request, reply, { errors: {} });
  });

  app.post(
    '/connexion',
    // A first, per-process brake against floods, in front of the database counters (the real, shared limit on
    // guesses). It counts every request, successes too: wide enough for a town hall's staff behind one address.
    { config: { rateLimit: { max: 120, timeWindow: 60_000 } } },
    async (request, reply) => {
      const returnPath = returnPathOf(request);
      const form = parseForm(ZLoginForm, request.body);
      if (!form.ok) {
        const email = typeof form.values.email === 'string' ? form.values.email : undefined;
        return loginPage(request, reply, { email, errors: form.errors }, 422);
      }
      const checked = await verifyCredentials(services, {
        email: form.data.email,
        password: form.data.password,
        ip: request.ip,
        onAccountLocked: warnOfLockout(services, { ip: request.ip, basePath: request.basePath }),
      });
      if (!checked.ok) {
        const message =
          checked.reason === 'throttled'
            ? 'Trop de tentatives de connexion. Patientez 15 minutes avant de réessayer.'
            : 'Adresse électronique ou mot de passe incorrect.';
        return loginPage(
          request,
          reply,
          { email: form.data.email, errors: { email: message } },
          checked.reason === 'throttled' ? 429 : 401,
        );
      }
      const identity = await findIdentityAccount(services.db, checked.account.id);
      if (identity.totpEnabledAt) {
        const token = await beginSecondFactor(services, {
          account: checked.account,
          returnPath: returnPath ? `${request.basePath}${returnPath}` : undefined,
        });
        void reply.setCookie(SECOND_FACTOR_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
          path: '/',
          maxAge: SECOND_FACTOR_MINUTES * 60,
        });
        return redirectWithin(request, reply, '/connexion/code');
      }
      const session = await startSession(services, {
        account: checked.account,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        acr: ACR.password,
        amr: ['pwd'],
        method: 'password',
      });
      setSessionCookie(services, reply, session.sessionToken);
      return redirectWithin(request, reply, returnPath ?? '/compte');
    },
  );

  /** The second-factor page of a login inside an authorization request also lets its redirects reach the portal. */
  const secondFactorPage = async (
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[1],
    errors: Record<string, string>,
    status = 200,
  ) => {
    const token = request.cookies[SECOND_FACTOR_COOKIE];
    const pending = token
      ? await findLiveToken(services.db, tokenDigest(token), 'second_factor', services.clock.now())
      : undefined;
    const target = await interactionTarget(
      services,
      typeof pending?.data.returnPath === 'string' ? pending.data.returnPath : undefined,
    );
    if (target) extendFormAction(reply.raw, target.origins);
    return sendPage(request, reply, (context) => SecondFactorPage({ context, errors }), status);
  };

  app.get('/connexion/code', async (request, reply) => {
    if (!request.cookies[SECOND_FACTOR_COOKIE]) return redirectWithin(request, reply, '/connexion');
    return secondFactorPage(request, reply, {});
  });

  app.post('/connexion/code', { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    const token = request.cookies[SECOND_FACTOR_COOKIE];
    if (!token) return redirectWithin(request, reply, '/connexion');
    const form = parseForm(ZTotpCodeForm, request.body);
    if (!form.ok) return secondFactorPage(request, reply, form.errors, 422);
    const result = await completeSecondFactor(services, {
      token,
      code: form.data.code,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
    if (!result.ok) {
      if (result.reason === 'expired') {
        void reply.clearCookie(SECOND_FACTOR_COOKIE, { path: '/' });
        return redirectWithin(request, reply, '/connexion');
      }
      const message =
        result.reason === 'throttled'
          ? 'Trop de codes erronés. Patientez 15 minutes avant de réessayer.'
          : 'Ce code est incorrect ou a déjà servi.';
      return secondFactorPage(request, reply, { code: message }, result.reason === 'throttled' ? 429 : 401);
    }
    void reply.clearCookie(SECOND_FACTOR_COOKIE, { path: '/' });
    setSessionCookie(services, reply, result.sessionToken);
    // The return path already carries its instance prefix.
    return reply.redirect(result.returnPath ?? `${request.basePath}/compte`, 303);
  });

  app.post('/deconnexion', async (request, reply) => {
    let partnerLogout: string | null = null;
    if (request.user) {
      const user = request.user;
      const auth = await logOut(services, { user, actor: { userId: user.id, label: user.email, ip: request.ip } });
      if (auth?.partner && auth.partnerIdToken && partnerConfig(services, auth.partner)) {
        partnerLogout = await partnerLogoutUrl(auth.partner, auth.partnerIdToken, (state) =>
          reply.setCookie(PARTNER_LOGOUT_COOKIE, state, {
            httpOnly: true,
            sameSite: 'lax',
            secure: config.secureCookies,
            path: '/',
            maxAge: 600,
          }),
        );
      }
    }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    // FranceConnect first (its session must end too), then the relying parties signed in through us.
    if (partnerLogout) return reply.redirect(partnerLogout, 303);
    if (request.cookies[PROVIDER_SESSION_COOKIE]) return reply.redirect('/oidc/session/end', 303);
    return redirectWithin(request, reply, '/');
  });

  const partnerLogoutUrl = async (
    partner: FederationPartner,
    idToken: string,
    keepState: (state: string) => void,
  ): Promise<string | null> => {
    try {
      const configuration = await partnerClient(services, partner);
      const state = client.randomState();
      keepState(state);
      return client.buildEndSessionUrl(configuration, {
        id_token_hint: idToken,
        state,
        post_logout_redirect_uri: logoutCallbackUrl(services, partner),
      }).href;
    } catch (error) {
      // The partner is unreachable: the local logout is done; its own session ends by itself (30 minutes at most).
      services.logger.warn({ err: error, partner }, 'partner logout skipped');
      return null;
    }
  };

  for (const partner of ['franceconnect', 'proconnect'] as const) {
    app.get(`/${partner}/deconnexion`, async (request, reply) => {
      const expected = request.cookies[PARTNER_LOGOUT_COOKIE];
      const { state } = parseQuery(ZPartnerLogoutQuery, request);
      if (!expected || state !== expected)
        services.logger.warn({ partner }, 'partner logout came back with an unexpected state');
      void reply.clearCookie(PARTNER_LOGOUT_COOKIE, { path: '/' });
      if (request.cookies[PROVIDER_SESSION_COOKIE]) return reply.redirect('/oidc/session/end', 303);
      return reply.redirect('/connexion?fait=deconnexion', 303);
    });
  }

  // Pages shown to someone signed in through a partner carry the logout form, whose redirects end at the partner's
  // end-session endpoint: for them (only), the page's CSP lets that form reach the partner.
  const partnerOrigins = new Map<string, string | null>();
  app.addHook('onSend', async (request, reply) => {
    const user = request.user;
    const type = reply.getHeader('content-type');
    if (!user || typeof type !== 'string' || !type.startsWith('text/html')) return;
    if (!partnerOrigins.has(user.sessionId)) {
      if (partnerOrigins.size > 10_000) partnerOrigins.clear();
      const auth = await findSessionAuthentication(services.db, user.sessionId);
      const settings = auth?.partner ? partnerConfig(services, auth.partner) : null;
      partnerOrigins.set(user.sessionId, settings ? new URL(settings.issuer).origin : null);
    }
    const origin = partnerOrigins.get(user.sessionId);
    if (origin) extendFormAction(reply.raw, [origin]);
  });
}
