import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { formFile } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { addGroupByHand } from './add-group.ts';
import { contributedServicePath } from './contributed-services.ts';
import { addMemberToGroup, linkParentByHand } from './add-membership.ts';
import { addPersonByHand } from './add-person.ts';
import { importAaf } from './aaf/import-aaf.ts';
import { listDirectory, listGroups } from './directory.repo.ts';
import { addTile, publishNews, removeTile } from './manage-portal.ts';
import { PROFILES, PROFILE_LABELS, SERVICES, type ServiceKey } from './portal-rights.ts';
import { ZUai } from './portal.routes.tsx';
import { requireSchoolManager } from './school-access.ts';
import type { Profile } from './school.tables.ts';
import { findImport, listImports, listTiles } from './schools.repo.ts';
import { ImportReportPage, ManagePage } from './views/manage-pages.tsx';

/**
 * An AAF upload: a school's file is a few megabytes. An académie's whole export is read from the server's disk by the
 * operators' `communs import-aaf` command instead (src/main.ts), which has no such cap.
 */
export const MAX_AAF_UPLOAD_BYTES = 20 * 1024 * 1024;

const ZSchoolParams = z.object({ uai: ZUai });
const ZImportParams = z.object({ uai: ZUai, id: z.uuid() });
const ZTileParams = z.object({ uai: ZUai, id: z.uuid() });
const ZNoticeQuery = z.object({
  fait: z.enum(['personne', 'groupe', 'membre', 'lien', 'tuile', 'retrait', 'actualite']).optional().catch(undefined),
});
const NOTICES = {
  personne: 'La personne est ajoutée à l’annuaire.',
  groupe: 'La classe ou le groupe est créé.',
  membre: 'La personne est inscrite.',
  lien: 'Le parent est relié à son enfant.',
  tuile: 'La tuile est ajoutée au portail.',
  retrait: 'La tuile est retirée du portail.',
  actualite: 'L’actualité est publiée.',
} as const;

const text = (what: string, max: number) =>
  z
    .string({ error: `Indiquez ${what}.` })
    .trim()
    .min(1, `Indiquez ${what}.`)
    .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} : ${max} caractères au plus.`);
const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const ZPersonForm = z.object({
  nom: text('le nom', 100),
  prenom: text('le prénom', 100),
  courriel: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.email('Adresse électronique invalide.').max(200).optional(),
  ),
  profil: z.enum(PROFILES as [Profile, ...Profile[]], { error: 'Choisissez un profil.' }),
});
// Field names are unique on the administration page: a field's id comes from its name.
const ZGroupForm = z.object({
  nom_groupe: text('le nom', 80),
  type: z.enum(['class', 'group'], { error: 'Choisissez le type.' }),
});
const ZMemberForm = z.object({
  personne: z.uuid('Choisissez une personne.'),
  groupe: z.uuid('Choisissez une classe ou un groupe.'),
});
const ZLinkForm = z.object({ parent: z.uuid('Choisissez un parent.'), enfant: z.uuid('Choisissez un enfant.') });
const ZTileForm = z.object({
  titre: text('le titre', 80),
  service: z.enum(Object.keys(SERVICES) as [ServiceKey, ...ServiceKey[]], { error: 'Choisissez un service.' }),
  // Left empty for a service of the workspace itself (its page is known: contributedServicePath).
  adresse: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .url({ protocol: /^https?$/, error: "L'adresse du service doit commencer par https:// ou http://." })
      .max(500)
      .optional(),
  ),
  profils: z.preprocess(
    list,
    z.array(z.enum(PROFILES as [Profile, ...Profile[]], { error: 'Profil inconnu.' })).max(6),
  ),
  groupes: z.preprocess(list, z.array(z.uuid('Groupe inconnu.')).max(200)),
});
const ZNewsForm = z.object({ titre_actualite: text('le titre', 120), texte: text('le texte', 5000) });
const ZImportKind = z.object({
  type: z.union([z.enum(['full', 'delta']), z.object({ value: z.enum(['full', 'delta']) }).transform((f) => f.value)]),
});

const actorOf = (request: FastifyRequest, user: { id: string; email: string }) => ({
  userId: user.id,
  label: user.email,
  ip: request.ip,
});

/** The school's administration, for its head and administrators: imports, directory, manual entry, portal, news. */
export function registerManageRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/ecole/:uai/gestion', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { school } = await requireSchoolManager(services, request, uai);
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const data = await withTenant(services.db, school.tenant_id, async (trx) => ({
      directory: await listDirectory(trx, school.id),
      groups: await listGroups(trx, school.id),
      tiles: await listTiles(trx, school.id),
      imports: await listImports(trx, school.id),
    }));
    const groupNames = new Map(data.groups.map((g) => [g.id, g.name]));
    return sendPage(request, reply, (context) =>
      ManagePage({
        context,
        school: { uai: school.uai, name: school.name },
        notice: notice ? NOTICES[notice] : undefined,
        directory: data.directory,
        groups: data.groups.map((g) => ({ id: g.id, name: g.name, kind: g.kind, source: g.source })),
        tiles: data.tiles.map((t) => ({
          id: t.id,
          title: t.title,
          service: t.service,
          profiles: t.profiles.map((p) => PROFILE_LABELS[p]),
          groups: t.group_ids.map((id) => groupNames.get(id) ?? '—'),
        })),
        imports: data.imports.map((i) => ({
          id: i.id,
          kind: i.kind,
          fileName: i.file_name,
          at: i.imported_at,
          created: i.created,
          updated: i.updated,
          removed: i.removed,
          rejected: i.rejected.length,
        })),
        maxImportMegabytes: MAX_AAF_UPLOAD_BYTES / 1024 / 1024,
      }),
    );
  });

  app.post(
    '/ecole/:uai/gestion/import',
    {
      config: {
        multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_AAF_UPLOAD_BYTES } } as Record<
          string,
          unknown
        >,
      },
    },
    async (request, reply) => {
      const { uai } = parseParams(ZSchoolParams, request);
      const { user, school } = await requireSchoolManager(services, request, uai);
      const file = await formFile(request.body, 'fichier');
      if (!file)
        throw new AppError('validation_failed', 'Choisissez le fichier AAF à importer.', {
          fields: [{ field: 'fichier', message: 'Choisissez le fichier AAF à importer.' }],
        });
      const truncated = (request.body as { fichier?: { file?: { truncated?: boolean } } }).fichier?.file?.truncated;
      if (truncated)
        throw new AppError('payload_too_large', `Le fichier dépasse ${MAX_AAF_UPLOAD_BYTES / 1024 / 1024} Mo.`);
      // The content decides, not the name: an AAF file is XML text.
      const head = file.bytes
        .subarray(0, 200)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart();
      if (!head.startsWith('<'))
        throw new AppError(
          'unsupported_media_type',
          "Ce fichier n'est pas un fichier XML : déposez le flux AAF (fichier .xml).",
        );
      const { type } = parseBody(ZImportKind, request);
      // The importer reads a stream in chunks: the upload is cut into chunks like the file `communs import-aaf` reads.
      const chunks = Readable.from(
        (function* () {
          for (let at = 0; at < file.bytes.length; at += 64 * 1024) yield file.bytes.subarray(at, at + 64 * 1024);
        })(),
      );
      const report = await importAaf(services, {
        school,
        kind: type,
        fileName: file.filename,
        source: chunks,
        actor: actorOf(request, user),
      });
      if ('error' in report)
        throw new AppError('validation_failed', `Le fichier n'a pas pu être importé : ${report.error}`);
      return redirectWithin(request, reply, `/ecole/${uai}/gestion/imports/${report.id}`);
    },
  );

  app.get('/ecole/:uai/gestion/imports/:id', async (request, reply) => {
    const { uai, id } = parseParams(ZImportParams, request);
    const { school } = await requireSchoolManager(services, request, uai);
    const found = await withTenant(services.db, school.tenant_id, (trx) => findImport(trx, school.id, id));
    if (!found) throw notFound("Ce rapport d'import n'existe pas.");
    return sendPage(request, reply, (context) =>
      ImportReportPage({
        context,
        school: { uai: school.uai, name: school.name },
        report: {
          kind: found.kind,
          fileName: found.file_name,
          at: found.imported_at,
          created: found.created,
          updated: found.updated,
          removed: found.removed,
          unchanged: found.unchanged,
          ignored: found.ignored,
          rejected: found.rejected,
        },
      }),
    );
  });

  app.post('/ecole/:uai/gestion/personnes', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { user, school } = await requireSchoolManager(services, request, uai);
    const form = parseBody(ZPersonForm, request);
    await addPersonByHand(services, {
      school,
      person: {
        lastName: form.nom,
        firstName: form.prenom,
        email: form.courriel ?? null,
        birthDate: null,
        profile: form.profil,
      },
      actor: actorOf(request, user),
    });
    return redirectWithin(request, reply, `/ecole/${uai}/gestion?fait=personne`);
  });

  app.post('/ecole/:uai/gestion/groupes', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { user, school } = await requireSchoolManager(services, request, uai);
    const form = parseBody(ZGroupForm, request);
    await addGroupByHand(services, { school, kind: form.type, name: form.nom_groupe, actor: actorOf(request, user) });
    return redirectWithin(request, reply, `/ecole/${uai}/gestion?fait=groupe`);
  });

  app.post('/ecole/:uai/gestion/membres', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { user, school } = await requireSchoolManager(services, request, uai);
    const form = parseBody(ZMemberForm, request);
    if (
      !(await addMemberToGroup(services, {
        school,
        personId: form.personne,
        groupId: form.groupe,
        actor: actorOf(request, user),
      }))
    )
      throw notFound("Cette personne ou ce groupe n'est pas de l'école.");
    return redirectWithin(request, reply, `/ecole/${uai}/gestion?fait=membre`);
  });

  app.post('/ecole/:uai/gestion/liens', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { user, school } = await requireSchoolManager(services, request, uai);
    const form = parseBody(ZLinkForm, request);
    if (
      !(await linkParentByHand(services, {
        school,
        parentId: form.parent,
        childId: form.enfant,
        actor: actorOf(request, user),
      }))
    )
      throw notFound("Ce parent ou cet élève n'est pas de l'école.");
    return redirectWithin(request, reply, `/ecole/${uai}/gestion?fait=lien`);
  });

  app.post('/ecole/:uai/gestion/tuiles', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { user, school } = await requireSchoolManager(services, request, uai);
    const form = parseBody(ZTileForm, request);
    if (!form.adresse && !contributedServicePath(services, form.service))
      throw new AppError('validation_failed', "Indiquez l'adresse du service.", {
        fields: [{ field: 'adresse', message: "Indiquez l'adresse du service." }],
      });
    const added = await addTile(services, {
      school,
      tile: {
        service: form.service,
        title: form.titre,
        // A service of the workspace itself is reached through its pages, whatever address was given.
        url: contributedServicePath(services, form.service) ? '' : (form.adresse ?? ''),
        profiles: form.profils,
        groupIds: form.groupes,
      },
      actor: actorOf(request, user),
    });
    if (!added) throw notFound("Un des groupes choisis n'est pas de l'école.");
    return redirectWithin(request, reply, `/ecole/${uai}/gestion?fait=tuile`);
  });

  app.post('/ecole/:uai/gestion/tuiles/:id/retrait', async (request, reply) => {
    const { uai, id } = parseParams(ZTileParams, request);
    const { user, school } = await requireSchoolManager(services, request, uai);
    if (!(await removeTile(services, { school, tileId: id, actor: actorOf(request, user) })))
      throw notFound("Cette tuile n'existe pas.");
    return redirectWithin(request, reply, `/ecole/${uai}/gestion?fait=retrait`);
  });

  app.post('/ecole/:uai/gestion/actualites', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { user, school } = await requireSchoolManager(services, request, uai);
    const form = parseBody(ZNewsForm, request);
    await publishNews(services, {
      school,
      title: form.titre_actualite,
      body: form.texte,
      actor: { ...actorOf(request, user), label: user.displayName },
    });
    return redirectWithin(request, reply, `/ecole/${uai}/gestion?fait=actualite`);
  });
}
