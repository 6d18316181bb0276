import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { addDays, parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { findSchoolViewer, listGroupPeople, listGroups } from '../school/index.ts';
import { addProjectPartner } from './add-partner.ts';
import { listSessions } from './log.repo.ts';
import { postInSpace } from './post-in-space.ts';
import { startProject } from './start-project.ts';
import { takeRegister } from './take-register.ts';
import { writeSession } from './write-session.ts';

/**
 * The CM1 A of the demo school Jean Macé (Givors), kept by its teacher Marc Petit: two sessions of the log (one with
 * homework, one not yet published), a register with Léa late, a class news item and a cultural project with a
 * partner. Idempotent: a class that already has sessions is left alone.
 */
export async function seedClassroomDemo(services: Services): Promise<void> {
  const givors = await services.tenants.bySlug('givors');
  const account = await findAccountByEmail(services.db, 'enseignant.ecole@example.org');
  if (!givors || !account) return;
  const found = await withTenant(services.db, givors.id, async (trx) => {
    const viewer = await findSchoolViewer(trx, '0691234S', account);
    const cm1 = viewer && (await listGroups(trx, viewer.school.id)).find((g) => g.name === 'CM1 A');
    if (!viewer || !cm1 || (await listSessions(trx, cm1.id, { publishedOnly: false })).length) return undefined;
    const pupils = (await listGroupPeople(trx, viewer.school.id, cm1.id)).filter((p) => p.profile === 'pupil');
    return { viewer, cm1, pupils };
  });
  if (!found) return;
  const { viewer, cm1, pupils } = found;
  const actor: AuditActor = { userId: account.id, label: account.display_name, ip: null };
  const today = parisDay(services.clock.now());
  const first = await writeSession(services, {
    viewer,
    groupId: cm1.id,
    session: {
      day: addDays(today, -1),
      startsAt: '08:30',
      subject: 'Français',
      content: 'Lecture à voix haute de « La Belle Lisse Poire du prince de Motordu ».\n\nÉtude des homophones.',
      homework: 'Relire le chapitre 2 et écrire trois phrases avec des homophones.',
      homeworkDue: addDays(today, 2),
      published: true,
    },
    actor,
  });
  await writeSession(services, {
    viewer,
    groupId: cm1.id,
    session: {
      day: today,
      startsAt: '10:00',
      subject: 'Mathématiques',
      content: 'Les fractions : partage de la galette.',
      homework: null,
      homeworkDue: null,
      published: false,
    },
    actor,
  });
  const lea = pupils.find((p) => p.firstName === 'Léa');
  if (first !== 'refused' && lea)
    await takeRegister(services, {
      viewer,
      sessionId: first,
      presences: new Map([[lea.personId, { kind: 'late', minutes: 10 }]]),
      actor,
    });
  await postInSpace(services, {
    school: viewer.school,
    space: { groupId: cm1.id },
    kind: 'news',
    title: 'Piscine le mardi',
    body: 'À partir de la semaine prochaine, la classe va à la piscine chaque mardi matin. Pensez au bonnet !',
    actor,
  });
  const project = await startProject(services, {
    viewer,
    title: 'Une ville en chansons',
    description: 'Avec la compagnie Les Voix du Rhône, la classe écrit et enregistre une chanson sur Givors.',
    groupIds: [cm1.id],
    actor,
  });
  if (project === 'refused') return;
  await addProjectPartner(services, {
    school: viewer.school,
    projectId: project,
    name: 'Compagnie Les Voix du Rhône',
    email: 'voix.du.rhone@example.org',
    actor,
  });
  await postInSpace(services, {
    school: viewer.school,
    space: { projectId: project },
    kind: 'instructions',
    title: 'Première étape : écouter la ville',
    body: 'Notez trois bruits que vous entendez sur le chemin de l’école.',
    actor: { ...actor, label: 'Compagnie Les Voix du Rhône' },
  });
}
