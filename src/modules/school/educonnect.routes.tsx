import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { safeReturnPath } from '../../platform/http/guards.ts';
import { sendPage, tenantPath } from '../../platform/http/render.tsx';
import { parseBody, parseQuery } from '../../platform/http/route-input.ts';
import { setSessionCookie } from '../identity/index.ts';
import { signInWithEduConnect } from './educonnect/sign-in-with-educonnect.ts';
import { loginRedirectUrl, serviceProviderMetadata } from './educonnect/saml.ts';
import { schoolRuntimeState } from './school-runtime.ts';
import { EduConnectRefusedPage } from './views/portal-pages.tsx';

const ZStartQuery = z.object({ retour: z.string().max(500).optional().catch(undefined) });
const ZAcsBody = z.object({
  SAMLResponse: z
    .string({ error: 'Réponse SAML absente.' })
    .min(1, 'Réponse SAML absente.')
    .max(200_000, 'Réponse SAML trop longue.'),
  RelayState: z.string().max(500).optional(),
});

/**
 * EduConnect (SAML 2.0): our metadata, the start of a login (a signed request, HTTP-Redirect) and the assertion
 * consumer service where EduConnect posts its signed, encrypted response. These live at the platform's address,
 * whatever the commune, as EduConnect knows one service provider.
 */
export function registerEduConnectRoutes(app: FastifyInstance): void {
  const { services } = app;
  const saml = () => services.states.get(schoolRuntimeState).saml;

  app.get('/ecole/educonnect/metadonnees', async (request, reply) => {
    const entities = saml();
    if (!entities)
      return sendPage(request, reply, (context) => EduConnectRefusedPage({ context, reason: 'unavailable' }), 404);
    return reply.type('application/samlmetadata+xml; charset=utf-8').send(serviceProviderMetadata(entities));
  });

  app.get(
    '/ecole/educonnect/connexion',
    { config: { rateLimit: { max: 60, timeWindow: 60_000 } } },
    async (request, reply) => {
      const entities = saml();
      if (!entities)
        return sendPage(request, reply, (context) => EduConnectRefusedPage({ context, reason: 'unavailable' }), 404);
      const back = safeReturnPath(parseQuery(ZStartQuery, request).retour) ?? '';
      const { url } = loginRedirectUrl(entities, back);
      return reply.redirect(url, 303);
    },
  );

  app.post(
    '/ecole/educonnect/acs',
    // EduConnect's page posts here from its own site: the signed response is the proof, not a form token.
    { config: { csrfExempt: true, rateLimit: { max: 600, timeWindow: 60_000 } } },
    async (request, reply) => {
      const entities = saml();
      if (!entities)
        return sendPage(request, reply, (context) => EduConnectRefusedPage({ context, reason: 'unavailable' }), 404);
      const body = parseBody(ZAcsBody, request);
      const result = await signInWithEduConnect(services, entities, {
        samlResponse: body.SAMLResponse,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (!result.ok)
        return sendPage(request, reply, (context) => EduConnectRefusedPage({ context, reason: result.reason }), 403);
      setSessionCookie(services, reply, result.sessionToken);
      const back = safeReturnPath(body.RelayState);
      const tenant = result.portal ? await services.tenants.byId(result.portal.tenantId) : undefined;
      const portal = tenant && result.portal ? tenantPath(tenant.slug, `/ecole/${result.portal.uai}`) : '/ecole';
      return reply.redirect(back || portal, 303);
    },
  );
}
