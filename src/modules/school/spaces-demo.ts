import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { writePost } from './blogs/write-post.ts';
import { listGroups } from './directory.repo.ts';
import { storeDocument } from './documents/store-document.ts';
import { addTile } from './manage-portal.ts';
import { listSpaceMembers } from './members.repo.ts';
import { sendMessage } from './messaging/send-message.ts';
import { findSchoolAnywhere } from './schools.repo.ts';

const DEMO: AuditActor = { userId: null, label: 'démonstration', ip: null };
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * The demo school's own services (issue 22), on top of seedSchoolDemo: tiles for the blogs and documents, a message
 * from the parent to the teacher, a published post and a pupil's post awaiting moderation on the CM1 A blog, and a
 * document in the class's space. Idempotent: nothing is added once the school has a message.
 */
export async function seedSpacesDemo(services: Services): Promise<void> {
  const school = await findSchoolAnywhere(services.db, '0691234S');
  if (!school) return;
  const found = await withTenant(services.db, school.tenant_id, async (trx) => {
    const already = await trx
      .selectFrom('school_message')
      .select('id')
      .where('school_id', '=', school.id)
      .executeTakeFirst();
    return already
      ? undefined
      : { members: await listSpaceMembers(trx, school.id), groups: await listGroups(trx, school.id) };
  });
  if (!found) return;
  const by = (profile: string, firstName?: string) =>
    found.members.find((m) => m.profile === profile && (!firstName || m.firstName === firstName));
  const teacher = by('teacher');
  const parent = by('parent');
  const pupil = by('pupil', 'Léa');
  const cm1 = found.groups.find((g) => g.name === 'CM1 A');
  if (!teacher || !parent || !pupil || !cm1) return;
  for (const tile of [
    { service: 'blog', title: 'Blogs de l’école' },
    { service: 'documents', title: 'Documents' },
  ] as const)
    await addTile(services, { school, tile: { ...tile, url: '', profiles: [], groupIds: [] }, actor: DEMO });
  await sendMessage(services, {
    school,
    sender: parent,
    recipientIds: [teacher.personId],
    subject: 'Absence de Léa jeudi',
    body: 'Bonjour,\n\nLéa aura rendez-vous chez l’orthodontiste jeudi à 14 h : je viendrai la chercher à 13 h 30.\n\nJulie Martin',
    attachment: null,
    actor: DEMO,
  });
  await writePost(services, {
    school,
    groupId: cm1.id,
    author: teacher,
    title: 'Bienvenue sur le blog des CM1 A',
    body: 'Nous raconterons ici nos sorties et nos projets.\n\nLes élèves peuvent proposer des billets : je les relis avant publication.',
  });
  await writePost(services, {
    school,
    groupId: cm1.id,
    author: pupil,
    title: 'Notre visite au musée',
    body: 'Nous avons vu un squelette de mammouth !',
  });
  await storeDocument(services, {
    school,
    member: teacher,
    space: { kind: 'group', groupId: cm1.id },
    file: { name: 'Liste des fournitures.pdf', mediaType: 'application/pdf', bytes: DEMO_PDF },
  });
}
