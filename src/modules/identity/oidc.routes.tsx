import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionResults } from 'oidc-provider';
import { z } from 'zod';
import { deleteSession } from '../../platform/auth/sessions.repo.ts';
import { SESSION_COOKIE } from '../../platform/auth/session-cookie.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { asList, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams } from '../../platform/http/route-input.ts';
import { displayAttribute } from './attribute-display.ts';
import { findClient } from './clients.repo.ts';
import { findConsentInForce } from './consents.repo.ts';
import { grantConsent } from './grant-consent.ts';
import { findSessionAuthentication } from './identity.repo.ts';
import { ATTRIBUTE_LABELS, ATTRIBUTES, type Attribute, requestedAttributes } from './oidc/claims.ts';
import { extendFormAction } from './oidc/page-support.ts';
import type { OidcProviderHost } from './oidc/provider.ts';
import { attributeValue, loadIdentityRecord } from './released-claims.ts';
import { ConsentPage } from './views/consent-page.tsx';

type Details = Awaited<ReturnType<Awaited<ReturnType<OidcProviderHost['current']>>['interactionDetails']>>;

/** An authorization request's interaction, by the provider's id for it. */
const ZInteractionParams = z.object({ uid: z.string() });

const ZConsentForm = z.object({
  decision: z.enum(['accepter', 'refuser'], { message: 'Choisissez de transmettre ou de refuser' }),
  attribut: z.preprocess(asList, z.array(z.enum(ATTRIBUTES, { message: 'Information inconnue' }))),
  acces_prolonge: z.literal('oui').optional(),
});

function requestedClaimNames(details: Details): string[] {
  const raw = details.params.claims;
  if (typeof raw !== 'string') return [];
  try {
    const parsed = JSON.parse(raw) as Record<string, Record<string, unknown> | undefined>;
    return [...Object.keys(parsed.userinfo ?? {}), ...Object.keys(parsed.id_token ?? {})];
  } catch {
    return [];
  }
}

/**
 * The OpenID Connect provider under /oidc (discovery, authorize, token, userinfo, introspection, revocation,
 * end-session, JWKS: all oidc-provider's), and our own interaction pages: login goes through the site's login page,
 * consent is asked on ours.
 */
export async function registerOidcRoutes(app: FastifyInstance, host: OidcProviderHost): Promise<void> {
  const { services } = app;

  // The provider reads its own request bodies: in this scope Fastify parses none, and no CSRF check applies (the
  // protocol has its own defences: PKCE, state, client authentication, the provider's own xsrf on logout).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.route({
      method: ['GET', 'POST'],
      url: '/oidc/*',
      config: { csrfExempt: true },
      handler: async (request, reply) => {
        // One issuer, on the metropolis's address: /c/<commune>/oidc is not an endpoint.
        if (request.basePath) throw notFound();
        const handler = await host.handler();
        reply.hijack();
        const raw = request.raw as typeof request.raw & { originalUrl?: string };
        raw.originalUrl = raw.url;
        raw.url = (raw.url ?? '/').replace(/^\/oidc/, '') || '/';
        await handler(raw, reply.raw);
      },
    });
  });

  const details = async (request: FastifyRequest, reply: FastifyReply): Promise<Details> => {
    const { uid } = parseParams(ZInteractionParams, request);
    const provider = await host.current();
    try {
      const found = await provider.interactionDetails(request.raw, reply.raw);
      if (found.uid !== uid) throw new Error('interaction mismatch');
      return found;
    } catch {
      throw new AppError(
        'not_found',
        'Cette demande de connexion a expiré ou n’existe pas. Retournez sur le service et recommencez.',
      );
    }
  };

  const finish = async (request: FastifyRequest, reply: FastifyReply, result: InteractionResults) => {
    const provider = await host.current();
    const returnTo = await provider.interactionResult(request.raw, reply.raw, result, {
      mergeWithLastSubmission: false,
    });
    return reply.redirect(returnTo, 303);
  };

  /** What an authorization request asks of the citizen, and the question put to them: the one recorded with the answer. */
  const consentRequest = async (interaction: Details) => {
    const client = await findClient(services.db, String(interaction.params.client_id));
    if (!client) throw notFound();
    const ownerName = (await services.tenants.byId(client.tenant_id))?.name ?? '';
    const scopes = String(interaction.params.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const requested = requestedAttributes(scopes, requestedClaimNames(interaction));
    return { client, ownerName, scopes, requested, question: consentQuestion(client.name, ownerName, requested) };
  };

  const consentPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    interaction: Details,
    userId: string,
    errors: Record<string, string>,
    status = 200,
  ) => {
    const { client, ownerName, scopes, requested, question } = await consentRequest(interaction);
    const record = await loadIdentityRecord(services.db, userId);
    if (!record) throw notFound();
    const previous = await findConsentInForce(services.db, userId, client.id);
    const items = requested.map((attribute) => ({
      attribute,
      display: displayAttribute(record, attribute),
      provenance: attributeValue(record, attribute)?.provenance ?? null,
      approved: previous?.attributes.includes(attribute) ?? false,
    }));
    const redirectUri = String(interaction.params.redirect_uri ?? '');
    if (client.redirect_uris.includes(redirectUri)) extendFormAction(reply.raw, [new URL(redirectUri).origin]);
    return sendPage(
      request,
      reply,
      (context) =>
        ConsentPage({
          context,
          uid: interaction.uid,
          clientName: client.name,
          ownerName,
          question,
          items,
          offlineAccess: {
            requested: scopes.includes('offline_access'),
            approved: previous?.scopes.includes('offline_access') ?? false,
          },
          errors,
        }),
      status,
    );
  };

  app.get('/autorisation/:uid', async (request, reply) => {
    const interaction = await details(request, reply);
    const user = request.user;
    if (interaction.prompt.name === 'login') {
      const auth = user ? await findSessionAuthentication(services.db, user.sessionId) : undefined;
      const reasons = interaction.prompt.reasons;
      const maxAge = Number(interaction.params.max_age);
      const now = services.clock.now().getTime();
      const fresh =
        auth &&
        (!reasons.includes('login_prompt') || auth.authenticatedAt.getTime() >= interaction.iat * 1000) &&
        (!Number.isFinite(maxAge) || now - auth.authenticatedAt.getTime() <= maxAge * 1000);
      if (user && auth && fresh) {
        return finish(request, reply, {
          login: {
            accountId: user.id,
            acr: auth.acr,
            amr: auth.amr,
            ts: Math.floor(auth.authenticatedAt.getTime() / 1000),
            remember: true,
          },
        });
      }
      if (user) {
        // The service asks for a fresh authentication (prompt=login, max_age): this session does not qualify.
        await deleteSession(services.db, user.sessionId);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      return redirectWithin(
        request,
        reply,
        `/connexion?retour=${encodeURIComponent(`/autorisation/${interaction.uid}`)}`,
      );
    }
    if (interaction.prompt.name === 'consent') {
      const accountId = interaction.session?.accountId;
      if (!user || user.id !== accountId)
        return redirectWithin(
          request,
          reply,
          `/connexion?retour=${encodeURIComponent(`/autorisation/${interaction.uid}`)}`,
        );
      return consentPage(request, reply, interaction, user.id, {});
    }
    throw new AppError('bad_request', 'Cette étape de connexion n’est pas prise en charge.');
  });

  app.post('/autorisation/:uid/consentement', async (request, reply) => {
    const interaction = await details(request, reply);
    const user = request.user;
    const accountId = interaction.session?.accountId;
    if (interaction.prompt.name !== 'consent' || !user || user.id !== accountId) throw notFound();
    const form = parseForm(ZConsentForm, request.body);
    if (!form.ok)
      return consentPage(
        request,
        reply,
        interaction,
        user.id,
        { attribut: 'Choisissez les informations à transmettre, puis un des deux boutons.' },
        422,
      );
    if (form.data.decision === 'refuser') {
      return finish(request, reply, {
        error: 'access_denied',
        error_description: 'L’usager a refusé de transmettre ses informations.',
      });
    }
    const { client, scopes, requested, question } = await consentRequest(interaction);
    const grantId = await grantConsent(services, {
      provider: await host.current(),
      userId: user.id,
      client,
      scopes,
      requested,
      approved: form.data.attribut,
      offlineAccess: form.data.acces_prolonge === 'oui',
      question,
      ip: request.ip,
    });
    return finish(request, reply, { consent: { grantId } });
  });
}

/** The question of the consent page, recorded word for word with the answer. */
export function consentQuestion(clientName: string, ownerName: string, requested: Attribute[]): string {
  const asked = requested.map((a) => ATTRIBUTE_LABELS[a].toLowerCase());
  return asked.length
    ? `« ${clientName} » (${ownerName}) demande à recevoir les informations suivantes de votre compte GrandLyon Connect : ${asked.join(', ')}.`
    : `« ${clientName} » (${ownerName}) demande à vous connecter avec votre compte GrandLyon Connect.`;
}
