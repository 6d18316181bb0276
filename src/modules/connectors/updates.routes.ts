import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseParams } from '../../platform/http/route-input.ts';
import { receiveUpdates } from './receive-updates.ts';

const ZCommuneParams = z.object({ slug: z.string().max(100) });

/**
 * Where a Connecté commune's system pushes its status updates: a signed JSON body (the signature is over the bytes
 * sent, so this scope keeps the body as text). Answers in JSON, never a page.
 */
export function registerUpdateRoutes(app: FastifyInstance): void {
  const { services } = app;
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/connecteurs/:slug/mises-a-jour', { config: { csrfExempt: true } }, async (request, reply) => {
      const { slug } = parseParams(ZCommuneParams, request);
      const signature = request.headers['communs-signature'];
      const outcome = await receiveUpdates(services, {
        communeSlug: slug,
        signature: typeof signature === 'string' ? signature : undefined,
        rawBody: typeof request.body === 'string' ? request.body : '',
      });
      if (!outcome.ok) return reply.status(outcome.status).send({ error: outcome.detail });
      const { ok: _ok, ...counts } = outcome;
      return reply.send(counts);
    });
  });
}
