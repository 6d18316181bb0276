import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { citizenOf } from '../../platform/auth/access-tokens.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { parseParams } from '../../platform/http/route-input.ts';
import { eservicePath, parseSettings, providerOf, resolveEService } from '../catalogue/index.ts';
import { listOpenDraftsForService } from './drafts.repo.ts';
import { checkAccess } from './start-draft.ts';
import { visitorHash } from './visitor.ts';
import { EServicePage } from './views/eservice-page.tsx';

const ServicePath = z.object({ slug: z.string() });

/**
 * An e-service's page, where a request starts: what it is for, who provides it, what it takes to start (an account,
 * a certified identity), and the drafts this visitor left.
 */
export function registerServicePageRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/demarches/:slug', async (request, reply) => {
    const found = await resolveEService(services, request.tenant, parseParams(ServicePath, request).slug);
    if (!found) throw notFound("Cette démarche n'existe pas ou n'est plus proposée.");
    const provider = providerOf(found.provider);
    const path = eservicePath(provider, found.eservice.slug);
    // A service lives in its provider's instance: its drafts and pages are there.
    if (!found.canonical) return reply.redirect(path, 302);
    const citizen = await citizenOf(request);
    const refusal = await checkAccess(services, found.eservice, citizen);
    const start =
      refusal === null
        ? ({ kind: 'form' } as const)
        : refusal === 'login-required'
          ? ({
              kind: 'login',
              href: `${request.basePath}/connexion?retour=${encodeURIComponent(`${request.basePath}/demarches/${found.eservice.slug}`)}`,
            } as const)
          : refusal === 'certified-required'
            ? ({ kind: 'certified' } as const)
            : ({ kind: 'unavailable', message: found.eservice.offline_message } as const);
    const hash = visitorHash(request);
    const owner = citizen ? { userId: citizen.userId } : hash ? { anonymousHash: hash } : null;
    const drafts = owner
      ? await withTenant(services.db, found.provider.id, (trx) =>
          listOpenDraftsForService(trx, found.eservice.id, owner),
        )
      : [];
    const e = found.eservice;
    return sendPage(request, reply, (context) =>
      EServicePage({
        context,
        eservice: {
          title: e.title,
          summary: e.summary,
          description: e.description,
          access: e.access,
          mutualised: e.mutualised,
          themes: e.themes,
          path,
        },
        settings: parseSettings(e),
        provider,
        start,
        drafts: drafts.map((d) => ({ href: `${request.basePath}/brouillons/${d.id}`, updatedAt: d.updated_at })),
      }),
    );
  });
}
