import { buildClassScene } from '../../../test/classroom-factories.ts';
import { type IsolationCase, membersOnlyPage, perWorld } from '../../../test/cross-tenant/isolation.ts';
import { subscribeIsolationWorld } from '../../../test/school-factories.ts';
import { findSchoolViewer } from '../school/index.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { startProject } from './start-project.ts';
import { takeRegister } from './take-register.ts';
import { writeSession } from './write-session.ts';

type Scene = { uai: string; groupId: string; sessionId: string; markId: string; projectId: string };

/** Commune A's school with a class, a session, an absence and a project; its teacher wrote them. */
const sceneOf = perWorld(async (world): Promise<Scene> => {
  const { t } = world;
  const a = await subscribeIsolationWorld(world);
  const built = await buildClassScene(t.services, a);
  const viewer = await withTenant(t.services.db, a.id, (trx) =>
    findSchoolViewer(trx, built.school.uai, { id: built.teacher.id, email: built.teacher.email }),
  );
  if (!viewer) throw new Error('teacher not found');
  const actor = { userId: null, label: 'test', ip: null };
  const sessionId = await writeSession(t.services, {
    viewer,
    groupId: built.groupId,
    session: {
      day: '2026-11-30',
      startsAt: '08:30',
      subject: 'Français',
      content: 'Lecture',
      homework: null,
      homeworkDue: null,
      published: true,
    },
    actor,
  });
  if (sessionId === 'refused') throw new Error('session refused');
  await takeRegister(t.services, {
    viewer,
    sessionId,
    presences: new Map([[built.lea, { kind: 'absent' }]]),
    actor,
  });
  const mark = await t.services.db
    .selectFrom('classroom_mark')
    .select('id')
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const projectId = await startProject(t.services, {
    viewer,
    title: 'Projet',
    description: 'Description',
    groupIds: [built.groupId],
    actor,
  });
  if (projectId === 'refused') throw new Error('project refused');
  return { uai: built.school.uai, groupId: built.groupId, sessionId, markId: mark.id, projectId };
});

/**
 * A page of commune A's school, tried from B's instance and by people of neither the school nor its projects (A's own
 * commune administrator and agent included: running the commune gives no access to its schools' classes).
 */
function classroomPage(
  method: 'GET' | 'POST',
  pattern: string,
  path: (s: Scene) => string,
  form?: Record<string, string>,
): IsolationCase {
  return membersOnlyPage(sceneOf, { method, pattern, path, ...(form ? { form } : {}) }, [
    { as: 'agentOfA', expect: 404 },
    // Anonymous: a page sends to the login page; a form (its CSRF token valid) needs a session.
    { as: 'anonymous', expect: method === 'GET' ? 303 : 401 },
  ]);
}

const cls = (s: Scene) => `/ecole/${s.uai}/classes/${s.groupId}`;
const session = (s: Scene) => `${cls(s)}/seances/${s.sessionId}`;
const project = (s: Scene) => `/ecole/${s.uai}/projets/${s.projectId}`;

/** The classes' spaces: homework log, register, absences, news, projects. */
export const classroomCases: IsolationCase[] = [
  classroomPage('GET', '/ecole/:uai/classes', (s) => `/ecole/${s.uai}/classes`),
  classroomPage('GET', '/ecole/:uai/classes/:groupId', cls),
  classroomPage('POST', '/ecole/:uai/classes/:groupId/seances', (s) => `${cls(s)}/seances`, {
    'jour.jour': '1',
    'jour.mois': '12',
    'jour.annee': '2026',
    heure: '08:30',
    matiere: 'X',
    contenu: 'Y',
  }),
  classroomPage(
    'POST',
    '/ecole/:uai/classes/:groupId/seances/:sessionId/publication',
    (s) => `${session(s)}/publication`,
    { publiee: 'non' },
  ),
  classroomPage('GET', '/ecole/:uai/classes/:groupId/seances/:sessionId/appel', (s) => `${session(s)}/appel`),
  classroomPage('POST', '/ecole/:uai/classes/:groupId/seances/:sessionId/appel', (s) => `${session(s)}/appel`),
  classroomPage('POST', '/ecole/:uai/classes/:groupId/actualites', (s) => `${cls(s)}/actualites`, {
    titre: 'X',
    texte: 'Y',
  }),
  classroomPage('GET', '/ecole/:uai/absences', (s) => `/ecole/${s.uai}/absences`),
  classroomPage('GET', '/ecole/:uai/absences/export', (s) => `/ecole/${s.uai}/absences/export?format=csv`),
  classroomPage('POST', '/ecole/:uai/absences/:markId/motif', (s) => `/ecole/${s.uai}/absences/${s.markId}/motif`, {
    motif: 'X',
  }),
  classroomPage('GET', '/ecole/:uai/projets', (s) => `/ecole/${s.uai}/projets`),
  classroomPage('POST', '/ecole/:uai/projets', (s) => `/ecole/${s.uai}/projets`, {
    titre: 'X',
    description: 'Y',
    classes: '00000000-0000-4000-8000-000000000000',
  }),
  classroomPage('GET', '/ecole/:uai/projets/:projectId', project),
  classroomPage('POST', '/ecole/:uai/projets/:projectId/publications', (s) => `${project(s)}/publications`, {
    rubrique: 'work',
    titre: 'X',
    texte: 'Y',
  }),
  classroomPage('POST', '/ecole/:uai/projets/:projectId/partenaires', (s) => `${project(s)}/partenaires`, {
    nom: 'X',
    courriel: 'x@example.org',
  }),
];
