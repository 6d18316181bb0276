import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireCapability } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { parseParams } from '../../platform/http/route-input.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { contributedServicePath } from './contributed-services.ts';
import { findMemberByAccount, findSchoolByUai } from './directory.repo.ts';
import { loadPortal } from './load-portal.ts';
import { mayManageSchool, tileVisibleTo } from './portal-rights.ts';
import { schoolRuntimeState } from './school-runtime.ts';
import { countUsage, findSchoolAnywhere, findTile, listAllSchools } from './schools.repo.ts';
import { KIND_LABELS } from './views/admin-pages.tsx';
import { NotMemberPage, PortalPage, SchoolsPage } from './views/portal-pages.tsx';

export const ZUai = z.string().regex(/^\d{7}[A-Z]$/);
const ZSchoolParams = z.object({ uai: ZUai });
const ZTileParams = z.object({ uai: ZUai, id: z.uuid() });

/** The schools' pages their members see: the list and ways in, each school's portal, the tiles' way out. */
export function registerPortalRoutes(app: FastifyInstance): void {
  const { services } = app;
  const runtime = () => services.states.get(schoolRuntimeState);

  app.get('/ecole', async (request, reply) => {
    requireCapability(request, 'laclasse.workspace');
    const tenants = await services.tenants.all();
    const slugs = new Map(tenants.map((t) => [t.id, t.slug]));
    const all = (await listAllSchools(services.db)).filter((s) => s.status === 'open');
    // The metropolis lists every commune's schools; a commune lists its own.
    const schools =
      request.tenant.kind === 'metropole' ? all : all.filter((s) => s.tenant_id === request.tenant.production.id);
    const user = request.user;
    const mine = new Set<string>();
    if (user)
      for (const s of schools) if (await findMemberByAccount(services.db, s.tenant_id, s.id, user.id)) mine.add(s.id);
    return sendPage(request, reply, (context) =>
      SchoolsPage({
        context,
        eduConnect: !!runtime().saml,
        schools: schools.map((s) => ({
          path:
            request.tenant.kind === 'metropole'
              ? tenantPath(slugs.get(s.tenant_id) ?? '', `/ecole/${s.uai}`)
              : `${context.tenant.base}/ecole/${s.uai}`,
          uai: s.uai,
          name: s.name,
          kind: KIND_LABELS[s.kind],
          mine: mine.has(s.id),
        })),
      }),
    );
  });

  app.get('/ecole/:uai', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    if (request.tenant.kind === 'metropole') {
      // A school's address on the metropolis's portal leads to its commune's instance.
      const school = await findSchoolAnywhere(services.db, uai);
      const tenant = school && (await services.tenants.byId(school.tenant_id));
      if (!school || !tenant || school.status !== 'open')
        throw notFound("Cette école n'existe pas dans l'espace numérique.");
      return reply.redirect(tenantPath(tenant.slug, `/ecole/${uai}`), 303);
    }
    requireCapability(request, 'laclasse.workspace');
    if (!request.user) return redirectWithin(request, reply, '/ecole');
    const portal = await loadPortal(services, runtime(), { tenantId: request.tenant.id, uai, user: request.user });
    if (portal === 'no_school') throw notFound("Cette école n'existe pas dans l'espace numérique de la commune.");
    if (portal === 'not_member') {
      const school = await withTenant(services.db, request.tenant.id, (trx) => findSchoolByUai(trx, uai));
      return sendPage(
        request,
        reply,
        (context) => NotMemberPage({ context, school: { name: school?.name ?? uai } }),
        404,
      );
    }
    return sendPage(request, reply, (context) =>
      PortalPage({
        context,
        school: { uai: portal.school.uai, name: portal.school.name },
        profile: portal.profile,
        manages: mayManageSchool(portal.profile),
        tiles: portal.tiles.map((t) => ({ id: t.id, title: t.title, service: t.service })),
        news: portal.news.map((n) => ({ title: n.title, body: n.body, author: n.author_label, at: n.published_at })),
      }),
    );
  });

  // A tile leads to its service through here, so that its use is counted (per school, profile and service).
  app.get('/ecole/:uai/services/:id', async (request, reply) => {
    const { uai, id } = parseParams(ZTileParams, request);
    requireCapability(request, 'laclasse.workspace');
    const user = request.user;
    const target = user
      ? await withTenant(services.db, request.tenant.id, async (trx) => {
          const school = await findSchoolByUai(trx, uai);
          if (!school || school.status !== 'open') return undefined;
          const member = await findMemberByAccount(trx, trx.tenantId, school.id, user.id);
          const tile = await findTile(trx, school.id, id);
          if (!member || !tile || !tileVisibleTo(tile, member)) return undefined;
          const day = parisDay(services.clock.now());
          await countUsage(trx, {
            tenantId: trx.tenantId,
            schoolId: school.id,
            day,
            profile: member.profile,
            kind: 'service',
            service: tile.service,
          });
          // A service of the workspace itself leads to its page here, whatever address the tile holds.
          const own = contributedServicePath(services, tile.service);
          return own ? { inside: true, to: `/ecole/${uai}/${own}` } : { inside: false, to: tile.url };
        })
      : undefined;
    if (!target) throw notFound("Ce service n'existe pas ou ne vous est pas proposé.");
    return target.inside ? redirectWithin(request, reply, target.to) : reply.redirect(target.to, 303);
  });
}
