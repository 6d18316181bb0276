import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canAdministerTenant, isOperator } from '../../platform/auth/current-user.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { requireCapability, requireOperator, requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { tenantMayUse } from '../../platform/tenancy/tenant-directory.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { createSchoolAdministrator } from './create-school-admin.ts';
import { closeSchool, mergeSchool } from './end-school.ts';
import { openSchool } from './open-school.ts';
import { ZUai } from './portal.routes.tsx';
import type { School, SchoolKind } from './school.tables.ts';
import { findSchoolAnywhere, listAllSchools, listSchoolAdministrators } from './schools.repo.ts';
import { isValidUai } from './uai.ts';
import { usageStatistics } from './usage-statistics.ts';
import { OperatorSchoolPage, OperatorSchoolsPage, type SchoolRow } from './views/admin-pages.tsx';
import { StatisticsPage } from './views/statistics-page.tsx';

const ZSchoolParams = z.object({ uai: ZUai });
const ZListQuery = z.object({
  ouverte: z.string().optional().catch(undefined),
  erreur: z.enum(['uai', 'pris', 'commune']).optional().catch(undefined),
});
const ZSchoolQuery = z.object({ fait: z.enum(['administrateur', 'fermee', 'fusionnee']).optional().catch(undefined) });
const ZStatsQuery = z.object({ jours: z.enum(['7', '30', '365']).optional().catch(undefined) });
const text = (what: string, max: number) =>
  z
    .string({ error: `Indiquez ${what}.` })
    .trim()
    .min(1, `Indiquez ${what}.`)
    .max(max, `${max} caractères au plus pour ${what}.`);
const ZOpenForm = z.object({
  commune: text('la commune', 100),
  uai: z.string({ error: "Indiquez l'UAI." }).trim().toUpperCase().max(8, "L'UAI compte huit caractères."),
  nom: text("le nom de l'école", 120),
  type: z.enum(['maternelle', 'elementaire', 'primaire', 'college'], { error: "Choisissez le type d'école." }),
});
const ZAdminForm = z.object({
  prenom: text('le prénom', 100),
  nom: text('le nom', 100),
  courriel: z.email('Adresse électronique invalide.').max(200),
});
const ZMergeForm = z.object({ vers: z.uuid("Choisissez l'école qui accueille.") });
const ERRORS = {
  uai: "L'UAI n'est pas valide : sept chiffres suivis de la lettre de contrôle (par exemple 0691234S).",
  pris: 'Une école porte déjà cette UAI.',
  commune: "Cette commune n'est pas abonnée à l'espace numérique de travail.",
} as const;

/** The metropolis's administration of the schools, and the usage statistics of communes and operators. */
export function registerAdminRoutes(app: FastifyInstance): void {
  const { services } = app;
  const actorOf = (ip: string, user: { id: string; email: string }) => ({ userId: user.id, label: user.email, ip });

  async function schoolRow(school: School): Promise<SchoolRow> {
    const tenant = await services.tenants.byId(school.tenant_id);
    return {
      uai: school.uai,
      name: school.name,
      kind: school.kind,
      status: school.status,
      commune: tenant?.name ?? '',
      openedOn: school.opened_on,
      closedOn: school.closed_on,
    };
  }
  async function requireSchool(uai: string): Promise<School> {
    const school = await findSchoolAnywhere(services.db, uai);
    if (!school) throw notFound("Cette école n'existe pas.");
    return school;
  }

  app.get('/admin/ecoles', async (request, reply) => {
    requireOperator(request);
    const query = parseQuery(ZListQuery, request);
    const tenants = await services.tenants.all();
    const schools = await Promise.all((await listAllSchools(services.db)).map(schoolRow));
    const communes = tenants
      .filter((t) => t.kind === 'commune' && !t.isTestInstance && tenantMayUse(t, 'laclasse.workspace'))
      .sort((a, b) => compareFrench(a.name, b.name))
      .map((t) => ({ value: t.slug, label: t.name }));
    return sendPage(request, reply, (context) =>
      OperatorSchoolsPage({
        context,
        schools,
        communes,
        notice: query.ouverte ? "L'école est ouverte." : undefined,
        error: query.erreur ? ERRORS[query.erreur] : undefined,
      }),
    );
  });

  app.post('/admin/ecoles', async (request, reply) => {
    const user = requireOperator(request);
    const form = parseBody(ZOpenForm, request);
    const commune = await services.tenants.bySlug(form.commune);
    if (
      !commune ||
      commune.kind !== 'commune' ||
      commune.isTestInstance ||
      !tenantMayUse(commune, 'laclasse.workspace')
    )
      return redirectWithin(request, reply, '/admin/ecoles?erreur=commune');
    if (!isValidUai(form.uai)) return redirectWithin(request, reply, '/admin/ecoles?erreur=uai');
    const opened = await openSchool(services, {
      tenantId: commune.id,
      uai: form.uai,
      name: form.nom,
      kind: form.type as SchoolKind,
      actor: actorOf(request.ip, user),
    });
    if (opened === 'uai_taken') return redirectWithin(request, reply, '/admin/ecoles?erreur=pris');
    return redirectWithin(request, reply, `/admin/ecoles/${opened.uai}`);
  });

  app.get('/admin/ecoles/statistiques', async (request, reply) => {
    const user = requireUser(request);
    requireCapability(request, 'laclasse.workspace');
    // Operators see every commune's schools on the metropolis's instance; a commune's administrators see theirs.
    const everyCommune = request.tenant.kind === 'metropole';
    if (everyCommune ? !isOperator(user) : !canAdministerTenant(user, request.tenant)) throw notFound();
    const days = Number(parseQuery(ZStatsQuery, request).jours ?? '30');
    const tenants = await services.tenants.all();
    const schools = (await listAllSchools(services.db)).filter(
      (s) => everyCommune || s.tenant_id === request.tenant.production.id,
    );
    const stats = await usageStatistics(services, {
      schools,
      communeNames: new Map(tenants.map((t) => [t.id, t.name])),
      days,
    });
    return sendPage(request, reply, (context) => StatisticsPage({ context, days, stats }));
  });

  app.get('/admin/ecoles/:uai', async (request, reply) => {
    requireOperator(request);
    const { uai } = parseParams(ZSchoolParams, request);
    const school = await requireSchool(uai);
    const done = parseQuery(ZSchoolQuery, request).fait;
    const all = await listAllSchools(services.db);
    const merged = school.merged_into ? all.find((s) => s.id === school.merged_into) : undefined;
    const row = await schoolRow(school);
    const administrators = await listSchoolAdministrators(services.db, school.id);
    return sendPage(request, reply, (context) =>
      OperatorSchoolPage({
        context,
        school: {
          ...row,
          mergedInto: merged ? `${merged.name} (${merged.uai})` : null,
          purgeAfter: school.purge_after,
        },
        administrators,
        mergeTargets: all
          .filter((s) => s.status === 'open' && s.tenant_id === school.tenant_id && s.id !== school.id)
          .map((s) => ({ value: s.id, label: `${s.name} (${s.uai})` })),
        notice:
          done === 'administrateur'
            ? "Le compte d'administrateur est créé et la personne prévenue par courriel."
            : done === 'fermee'
              ? "L'école est fermée."
              : done === 'fusionnee'
                ? "L'école est fusionnée."
                : undefined,
      }),
    );
  });

  app.post('/admin/ecoles/:uai/administrateurs', async (request, reply) => {
    const user = requireOperator(request);
    const { uai } = parseParams(ZSchoolParams, request);
    const school = await requireSchool(uai);
    if (school.status !== 'open') throw new AppError('transition_refused', "Cette école n'est plus ouverte.");
    const form = parseBody(ZAdminForm, request);
    const tenant = await services.tenants.byId(school.tenant_id);
    await createSchoolAdministrator(services, {
      school,
      communeBase: tenant ? tenantPath(tenant.slug, '') : '',
      email: form.courriel,
      firstName: form.prenom,
      lastName: form.nom,
      actor: actorOf(request.ip, user),
    });
    return redirectWithin(request, reply, `/admin/ecoles/${uai}?fait=administrateur`);
  });

  app.post('/admin/ecoles/:uai/fermeture', async (request, reply) => {
    const user = requireOperator(request);
    const { uai } = parseParams(ZSchoolParams, request);
    const school = await requireSchool(uai);
    if ((await closeSchool(services, { school, actor: actorOf(request.ip, user) })) !== 'done')
      throw new AppError('transition_refused', "Cette école n'est plus ouverte.");
    return redirectWithin(request, reply, `/admin/ecoles/${uai}?fait=fermee`);
  });

  app.post('/admin/ecoles/:uai/fusion', async (request, reply) => {
    const user = requireOperator(request);
    const { uai } = parseParams(ZSchoolParams, request);
    const school = await requireSchool(uai);
    const form = parseBody(ZMergeForm, request);
    const result = await mergeSchool(services, { school, intoId: form.vers, actor: actorOf(request.ip, user) });
    if (result === 'not_open') throw new AppError('transition_refused', "Cette école n'est plus ouverte.");
    if (result === 'bad_target')
      throw new AppError('validation_failed', "L'école choisie doit être une autre école ouverte de la même commune.");
    return redirectWithin(request, reply, `/admin/ecoles/${uai}?fait=fusionnee`);
  });
}
