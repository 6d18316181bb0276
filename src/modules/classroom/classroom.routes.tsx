import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendExport, sheetOf } from '../../platform/exports/index.ts';
import { EXPORT_FORMATS } from '../../platform/exports/send-export.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { joinDateParts, zDate, zOptionalDate, zText } from '../../platform/http/form-fields.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseBody, parseFormBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { addProjectPartner } from './add-partner.ts';
import { requireClassOf, requireClassroomMember, requireProjectVisitor } from './classroom-access.ts';
import { mayTeachClass } from './classroom-rights.ts';
import { loadAbsences } from './load-absences.ts';
import { loadClass, loadClasses, loadRegister } from './load-class.ts';
import { loadProject, loadProjects } from './load-projects.ts';
import { postInSpace } from './post-in-space.ts';
import { recordReason } from './record-reason.ts';
import { startProject } from './start-project.ts';
import { type Presence, takeRegister } from './take-register.ts';
import { markLabel, AbsencesPage } from './views/absences-page.tsx';
import { ClassesPage, ClassPage, RegisterPage } from './views/class-pages.tsx';
import { ProjectPage, ProjectsPage } from './views/project-pages.tsx';
import { setSessionPublication, writeSession } from './write-session.ts';

const ZUai = z.string().regex(/^\d{7}[A-Z]$/);
const ZSchool = z.object({ uai: ZUai });
const ZClass = z.object({ uai: ZUai, groupId: z.uuid() });
const ZSession = z.object({ uai: ZUai, groupId: z.uuid(), sessionId: z.uuid() });
const ZMark = z.object({ uai: ZUai, markId: z.uuid() });
const ZProject = z.object({ uai: ZUai, projectId: z.uuid() });

const ZClassNotice = z.object({
  fait: z.enum(['seance', 'publication', 'appel', 'actualite']).optional().catch(undefined),
});
const ZProjectNotice = z.object({
  fait: z.enum(['projet', 'partenaire', 'publication']).optional().catch(undefined),
});
const ZAbsencesQuery = z.object({ fait: z.literal('motif').optional().catch(undefined) });
const ZExportQuery = z.object({ format: z.enum(EXPORT_FORMATS).catch('csv') });

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const ZSessionForm = z
  .object({
    jour: zDate('le jour de la séance'),
    heure: z
      .string({ error: "Saisissez l'heure de début, par exemple 08:30." })
      .trim()
      .transform((v) => v.replace(/\s*h\s*/i, ':').replace(/:$/, ':00'))
      .pipe(z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "Saisissez l'heure de début, par exemple 08:30."))
      .transform((v) => v.padStart(5, '0')),
    matiere: zText('la matière', 100),
    contenu: zText('le contenu de la séance', 5000),
    devoirs: z.preprocess(blank, zText('le travail à faire', 2000).optional()),
    pour_le: zOptionalDate('la date pour laquelle le travail est à faire'),
    publier: z.literal('oui').optional().catch(undefined),
  })
  .refine((f) => !f.devoirs || f.pour_le, {
    path: ['pour_le'],
    message: 'Indiquez pour quand le travail est à faire.',
  })
  .refine((f) => !f.pour_le || f.devoirs, { path: ['devoirs'], message: 'Indiquez le travail à faire.' })
  .refine((f) => !f.pour_le || f.pour_le >= f.jour, {
    path: ['pour_le'],
    message: 'Le travail ne peut pas être à faire avant la séance.',
  });
const ZPublicationForm = z.object({ publiee: z.enum(['oui', 'non'], { error: 'Choix de publication invalide.' }) });
const ZNewsForm = z.object({ titre: zText('le titre', 120), texte: zText('le texte', 5000) });
const ZReasonForm = z.object({ motif: zText('le motif', 500) });
const ZProjectForm = z.object({
  titre: zText('le titre du projet', 120),
  description: zText('la description', 5000),
  classes: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.uuid('Classe inconnue.')).min(1, 'Choisissez au moins une classe.').max(50),
  ),
});
const ZPartnerForm = z.object({
  nom: zText('le nom du partenaire', 120),
  courriel: z.email('Adresse électronique invalide.').max(200),
});
const ZProjectPostForm = z.object({
  rubrique: z.enum(['instructions', 'work', 'resource'], { error: 'Choisissez la rubrique.' }),
  titre: zText('le titre', 120),
  texte: zText('le texte', 5000),
});
const ZMinutes = z.preprocess(
  blank,
  z
    .string()
    .regex(/^\d{1,3}$/, 'Saisissez le retard en minutes, en chiffres.')
    .transform(Number)
    .pipe(z.number().min(1, 'Un retard dure au moins une minute.').max(600, 'Un retard dure 600 minutes au plus.'))
    .optional(),
);

/** The register's fields: `eleve_<id>` = present | absent | late, and `retard_<id>` its minutes. */
function presencesOf(request: FastifyRequest): Map<string, Presence> {
  const values = formValues(request.body);
  const presences = new Map<string, Presence>();
  for (const [key, value] of Object.entries(values)) {
    const id = /^eleve_(.+)$/.exec(key)?.[1];
    if (!id) continue;
    const { kind, minutes } = parseFormBody(
      z.object({
        kind: z.enum(['present', 'absent', 'late'], { error: 'Choisissez présent, absent ou en retard.' }),
        minutes: ZMinutes,
      }),
      { kind: value, minutes: values[`retard_${id}`] },
    );
    presences.set(id, kind === 'late' ? { kind, minutes: minutes ?? null } : { kind });
  }
  return presences;
}

/**
 * The classes' spaces of a school (issue 22 §4–§6): the homework log and news of each class, the register, the
 * absences with their reasons and export, the cultural projects. Every page is the school's members' (and a
 * project's partners'); anyone else gets 404.
 */
export function registerClassroomRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/ecole/:uai/classes', async (request, reply) => {
    const { uai } = parseParams(ZSchool, request);
    const { viewer } = await requireClassroomMember(services, request, uai);
    const { classes, children } = await loadClasses(services, viewer);
    return sendPage(request, reply, (context) =>
      ClassesPage({
        context,
        school: viewer.school,
        classes: classes.map((c) => ({ id: c.id, name: c.name })),
        children,
      }),
    );
  });

  app.get('/ecole/:uai/classes/:groupId', async (request, reply) => {
    const { uai, groupId } = parseParams(ZClass, request);
    const { fait } = parseQuery(ZClassNotice, request);
    const { viewer, group } = await requireClassOf(services, request, uai, groupId);
    const page = await loadClass(services, viewer, group.id);
    return sendPage(request, reply, (context) =>
      ClassPage({ context, school: viewer.school, group, notice: fait, ...page }),
    );
  });

  app.post('/ecole/:uai/classes/:groupId/seances', async (request, reply) => {
    const { uai, groupId } = parseParams(ZClass, request);
    const { user, viewer, group } = await requireClassOf(services, request, uai, groupId);
    if (!mayTeachClass(viewer, group.id)) throw notFound('Vous ne tenez pas le cahier de textes de cette classe.');
    const values = formValues(request.body);
    const parsed = parseForm(ZSessionForm, joinDateParts(values, ['jour', 'pour_le']));
    if (!parsed.ok) {
      const page = await loadClass(services, viewer, group.id);
      const sessionForm = { values, errors: parsed.errors };
      return sendPage(
        request,
        reply,
        (context) => ClassPage({ context, school: viewer.school, group, notice: undefined, ...page, sessionForm }),
        422,
      );
    }
    const form = parsed.data;
    await writeSession(services, {
      viewer,
      groupId: group.id,
      session: {
        day: form.jour,
        startsAt: form.heure,
        subject: form.matiere,
        content: form.contenu,
        homework: form.devoirs ?? null,
        homeworkDue: form.pour_le ?? null,
        published: form.publier === 'oui',
      },
      actor: { ...actorOf(request, user), label: user.displayName },
    });
    return redirectWithin(request, reply, `/ecole/${uai}/classes/${group.id}?fait=seance`);
  });

  app.post('/ecole/:uai/classes/:groupId/seances/:sessionId/publication', async (request, reply) => {
    const { uai, groupId, sessionId } = parseParams(ZSession, request);
    const { user, viewer, group } = await requireClassOf(services, request, uai, groupId);
    const form = parseBody(ZPublicationForm, request);
    if (
      !(await setSessionPublication(services, {
        viewer,
        sessionId,
        published: form.publiee === 'oui',
        actor: actorOf(request, user),
      }))
    )
      throw notFound("Cette séance n'existe pas.");
    return redirectWithin(request, reply, `/ecole/${uai}/classes/${group.id}?fait=publication`);
  });

  app.get('/ecole/:uai/classes/:groupId/seances/:sessionId/appel', async (request, reply) => {
    const { uai, groupId, sessionId } = parseParams(ZSession, request);
    const { viewer, group } = await requireClassOf(services, request, uai, groupId);
    const register = await loadRegister(services, viewer, sessionId);
    if (!register || register.session.group_id !== group.id) throw notFound("Cette séance n'existe pas.");
    return sendPage(request, reply, (context) => RegisterPage({ context, school: viewer.school, group, ...register }));
  });

  app.post('/ecole/:uai/classes/:groupId/seances/:sessionId/appel', async (request, reply) => {
    const { uai, groupId, sessionId } = parseParams(ZSession, request);
    const { user, viewer, group } = await requireClassOf(services, request, uai, groupId);
    const presences = presencesOf(request);
    const outcome = await takeRegister(services, {
      viewer,
      sessionId,
      presences,
      actor: { ...actorOf(request, user), label: user.displayName },
    });
    if (outcome === 'not_found') throw notFound("Cette séance n'existe pas.");
    if (outcome === 'unknown_pupil')
      throw new AppError('validation_failed', "Un des élèves de l'appel n'est pas de la classe.");
    return redirectWithin(request, reply, `/ecole/${uai}/classes/${group.id}?fait=appel`);
  });

  app.post('/ecole/:uai/classes/:groupId/actualites', async (request, reply) => {
    const { uai, groupId } = parseParams(ZClass, request);
    const { user, viewer, group } = await requireClassOf(services, request, uai, groupId);
    if (!mayTeachClass(viewer, group.id)) throw notFound("Vous n'écrivez pas les actualités de cette classe.");
    const form = parseBody(ZNewsForm, request);
    await postInSpace(services, {
      school: viewer.school,
      space: { groupId: group.id },
      kind: 'news',
      title: form.titre,
      body: form.texte,
      actor: { ...actorOf(request, user), label: user.displayName },
    });
    return redirectWithin(request, reply, `/ecole/${uai}/classes/${group.id}?fait=actualite`);
  });

  app.get('/ecole/:uai/absences', async (request, reply) => {
    const { uai } = parseParams(ZSchool, request);
    const { fait } = parseQuery(ZAbsencesQuery, request);
    const { viewer } = await requireClassroomMember(services, request, uai);
    const absences = await loadAbsences(services, viewer);
    return sendPage(request, reply, (context) =>
      AbsencesPage({ context, school: viewer.school, saved: fait === 'motif', ...absences }),
    );
  });

  app.get('/ecole/:uai/absences/export', async (request, reply) => {
    const { uai } = parseParams(ZSchool, request);
    const { format } = parseQuery(ZExportQuery, request);
    const { viewer } = await requireClassroomMember(services, request, uai);
    const { follows, lines } = await loadAbsences(services, viewer);
    if (!follows) throw notFound("L'export du registre est réservé à la vie scolaire de l'école.");
    const now = services.clock.now();
    return sendExport(reply, {
      format,
      filename: `absences-${viewer.school.uai}-${parisDay(now)}`,
      generatedAt: now,
      sheets: [
        sheetOf(
          'Absences et retards',
          [
            { header: 'Élève', value: (l) => l.pupilName },
            { header: 'Classe', value: (l) => l.className },
            { header: 'Jour', type: 'date', value: (l) => l.day },
            { header: 'Heure', value: (l) => l.startsAt },
            { header: 'Matière', value: (l) => l.subject },
            { header: 'Relevé', value: (l) => markLabel(l) },
            { header: 'Retard (min)', type: 'integer', value: (l) => l.minutes_late },
            { header: 'Motif', value: (l) => l.reason },
            { header: 'Relevé par', value: (l) => l.recorded_by },
          ],
          lines,
        ),
      ],
    });
  });

  app.post('/ecole/:uai/absences/:markId/motif', async (request, reply) => {
    const { uai, markId } = parseParams(ZMark, request);
    const { user, viewer } = await requireClassroomMember(services, request, uai);
    const form = parseBody(ZReasonForm, request);
    if (
      !(await recordReason(services, {
        viewer,
        markId,
        reason: form.motif,
        actor: { ...actorOf(request, user), label: user.displayName },
      }))
    )
      throw notFound("Cette absence n'existe pas ou vous n'en enregistrez pas les motifs.");
    return redirectWithin(request, reply, `/ecole/${uai}/absences?fait=motif`);
  });

  app.get('/ecole/:uai/projets', async (request, reply) => {
    const { uai } = parseParams(ZSchool, request);
    const visitor = await requireProjectVisitor(services, request, uai);
    const { projects, classes } = await loadProjects(services, visitor);
    return sendPage(request, reply, (context) => ProjectsPage({ context, school: visitor.school, projects, classes }));
  });

  app.post('/ecole/:uai/projets', async (request, reply) => {
    const { uai } = parseParams(ZSchool, request);
    const { user, viewer } = await requireClassroomMember(services, request, uai);
    const form = parseBody(ZProjectForm, request);
    const id = await startProject(services, {
      viewer,
      title: form.titre,
      description: form.description,
      groupIds: form.classes,
      actor: { ...actorOf(request, user), label: user.displayName },
    });
    if (id === 'refused') throw notFound("Une des classes choisies n'est pas l'une des vôtres.");
    return redirectWithin(request, reply, `/ecole/${uai}/projets/${id}?fait=projet`);
  });

  app.get('/ecole/:uai/projets/:projectId', async (request, reply) => {
    const { uai, projectId } = parseParams(ZProject, request);
    const { fait } = parseQuery(ZProjectNotice, request);
    const visitor = await requireProjectVisitor(services, request, uai);
    const page = await loadProject(services, visitor, projectId);
    if (!page) throw notFound("Ce projet n'existe pas ou ne vous est pas ouvert.");
    return sendPage(request, reply, (context) =>
      ProjectPage({ context, school: visitor.school, notice: fait, ...page }),
    );
  });

  /** A project the visitor runs (a teacher of one of its classes, a partner); 404 otherwise. */
  const runProject = async (request: FastifyRequest) => {
    const { uai, projectId } = parseParams(ZProject, request);
    const visitor = await requireProjectVisitor(services, request, uai);
    const page = await loadProject(services, visitor, projectId);
    if (!page?.runs) throw notFound("Ce projet n'existe pas ou vous n'y écrivez pas.");
    return { uai, visitor, project: page.project };
  };

  app.post('/ecole/:uai/projets/:projectId/publications', async (request, reply) => {
    const { uai, visitor, project } = await runProject(request);
    const form = parseBody(ZProjectPostForm, request);
    await postInSpace(services, {
      school: visitor.school,
      space: { projectId: project.id },
      kind: form.rubrique,
      title: form.titre,
      body: form.texte,
      actor: { ...actorOf(request, visitor.user), label: visitor.user.displayName },
    });
    return redirectWithin(request, reply, `/ecole/${uai}/projets/${project.id}?fait=publication`);
  });

  app.post('/ecole/:uai/projets/:projectId/partenaires', async (request, reply) => {
    const { uai, visitor, project } = await runProject(request);
    const form = parseBody(ZPartnerForm, request);
    await addProjectPartner(services, {
      school: visitor.school,
      projectId: project.id,
      name: form.nom,
      email: form.courriel,
      actor: actorOf(request, visitor.user),
    });
    return redirectWithin(request, reply, `/ecole/${uai}/projets/${project.id}?fait=partenaire`);
  });
}
