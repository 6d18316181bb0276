import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { ZReturnPath } from '../../platform/http/guards.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import { finishPartnerLogin } from './federation/finish-partner-login.ts';
import { PARTNER_LABELS, partnerConfig } from './federation/partners.ts';
import { signInWithFranceConnect, signInWithProConnect, type SignInResult } from './federation/sign-in-with-partner.ts';
import { FEDERATION_COOKIE, FEDERATION_REQUEST_MINUTES, startPartnerLogin } from './federation/start-partner-login.ts';
import type { FederationPartner } from './identity.tables.ts';
import { setSessionCookie } from './start-session.ts';
import { PartnerRefusedPage } from './views/partner-pages.tsx';

const REFUSALS: Record<
  | Extract<SignInResult, { kind: 'refused' }>['reason']
  | 'unknown_request'
  | 'refused'
  | 'invalid_response'
  | 'unavailable',
  string
> = {
  unknown_request:
    'Cette demande de connexion a expiré ou ne vient pas de ce navigateur. Recommencez depuis la page de connexion.',
  refused:
    'La connexion a été annulée. Vous pouvez recommencer, ou vous connecter avec votre adresse électronique et votre mot de passe.',
  invalid_response:
    'La réponse reçue n’a pas pu être vérifiée (signature ou contenu invalide) : par sécurité, elle a été refusée. Recommencez dans quelques instants.',
  unavailable:
    'Le service est momentanément injoignable. Recommencez dans quelques instants, ou connectez-vous avec votre adresse électronique et votre mot de passe.',
  email_taken:
    'Un compte GrandLyon Connect existe déjà avec votre adresse électronique, mais son identité ne correspond pas exactement. Connectez-vous avec votre mot de passe, puis liez FranceConnect depuis « Mon compte ».',
  email_missing: 'Aucune adresse électronique n’a été transmise : elle est nécessaire pour créer votre compte.',
  linked_elsewhere: 'Cette identité est déjà liée à un autre compte GrandLyon Connect.',
  not_linked: 'Cette identité n’est pas celle de votre compte. Reconnectez-vous avec le bon compte.',
  level_too_low: 'Le niveau de garantie de cette connexion est insuffisant.',
  incomplete_identity: 'L’identité transmise est incomplète : elle ne peut pas être certifiée.',
};

/**
 * Why the citizen goes to the partner: to link it to their account (lier=oui), to prove it is them again
 * (reauthentification=oui), else to log in; and where to come back to. A value that does not fit is ignored.
 */
const ZPartnerLoginQuery = z.object({
  lier: z.literal('oui').optional().catch(undefined),
  reauthentification: z.literal('oui').optional().catch(undefined),
  retour: ZReturnPath,
});

/** Login through the State's federations: the start, the callback, and what happens then. */
export function registerFederationRoutes(app: FastifyInstance): void {
  const { services } = app;

  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    partner: FederationPartner,
    reason: keyof typeof REFUSALS,
    status: number,
  ) =>
    sendPage(
      request,
      reply,
      (context) => PartnerRefusedPage({ context, partner: PARTNER_LABELS[partner], message: REFUSALS[reason] }),
      status,
    );

  for (const partner of ['franceconnect', 'proconnect'] as const) {
    app.get(`/${partner}/connexion`, async (request, reply) => {
      if (!partnerConfig(services, partner)) throw notFound();
      const query = parseQuery(ZPartnerLoginQuery, request);
      const intent = query.lier ? 'link' : query.reauthentification ? 'reauthenticate' : 'login';
      if (intent !== 'login' && !request.user) return reply.redirect(`${request.basePath}/connexion`, 303);
      const back =
        query.retour ??
        (intent === 'link' ? '/compte?fait=franceconnect-lie' : intent === 'login' ? undefined : '/compte');
      if (intent === 'login' && request.user) return reply.redirect(`${request.basePath}${back ?? '/compte'}`, 303);
      try {
        const started = await startPartnerLogin(services, {
          partner,
          intent,
          userId: request.user?.id ?? null,
          returnPath: back ? `${request.basePath}${back}` : null,
        });
        void reply.setCookie(FEDERATION_COOKIE, started.browserToken, {
          httpOnly: true,
          sameSite: 'lax',
          secure: services.config.secureCookies,
          path: `/${partner}`,
          maxAge: FEDERATION_REQUEST_MINUTES * 60,
        });
        return reply.redirect(started.url, 303);
      } catch (error) {
        request.log.warn({ err: error, partner }, 'partner unavailable');
        return refuse(request, reply, partner, 'unavailable', 503);
      }
    });

    app.get(`/${partner}/retour`, async (request, reply) => {
      if (!partnerConfig(services, partner)) throw notFound();
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const finished = await finishPartnerLogin(services, {
        partner,
        callbackQuery: query,
        browserToken: request.cookies[FEDERATION_COOKIE],
      });
      void reply.clearCookie(FEDERATION_COOKIE, { path: `/${partner}` });
      if (!finished.ok)
        return refuse(request, reply, partner, finished.reason, finished.reason === 'refused' ? 401 : 400);
      const options = {
        identity: finished.identity,
        currentUserId: request.user?.id ?? null,
        currentSessionId: request.user?.sessionId ?? null,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      };
      const result =
        partner === 'franceconnect'
          ? await signInWithFranceConnect(services, options)
          : await signInWithProConnect(services, options);
      if (result.kind === 'refused') return refuse(request, reply, partner, result.reason, 409);
      if (result.kind === 'session') setSessionCookie(services, reply, result.sessionToken);
      return reply.redirect(result.returnPath ?? '/compte', 303);
    });
  }
}
