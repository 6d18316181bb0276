import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';
import { operatorConsolePage, perWorld } from '../../../test/cross-tenant/isolation.ts';
import { buildClass, buildSchoolMember } from '../../../test/school-factories.ts';
import { writePost } from './blogs/write-post.ts';
import { storeDocument } from './documents/store-document.ts';
import { listSpaceMembers } from './members.repo.ts';
import { sendMessage } from './messaging/send-message.ts';
import { schoolPage, sceneOf } from './school.cross-tenant.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';

type Objects = { uai: string; messageId: string; groupId: string; postId: string; documentId: string };

/** In commune A's school: a message between two members (its objects are what B's people try to reach). */
const objectsOf = perWorld(async (world): Promise<Objects> => {
  const { t } = world;
  const { school } = await sceneOf(world);
  const teacher = await buildSchoolMember(t.services, school, 'teacher');
  const head = await buildSchoolMember(t.services, school, 'head');
  const [member] = await withTenant(t.services.db, school.tenant_id, (trx) =>
    listSpaceMembers(trx, school.id, [teacher.personId]),
  );
  if (!member) throw new Error('no member');
  const sent = await sendMessage(t.services, {
    school,
    sender: member,
    recipientIds: [head.personId],
    subject: 'Objet',
    body: 'Texte',
    attachment: null,
    actor: { userId: null, label: 'test', ip: null },
  });
  if (!sent.ok) throw new Error('not sent');
  const groupId = await buildClass(t.services, school, 'Classe', [teacher.personId]);
  if (
    (await writePost(t.services, {
      school,
      groupId,
      author: { ...member, groupIds: [groupId] },
      title: 'T',
      body: 'B',
    })) !== 'published'
  )
    throw new Error('not posted');
  const post = await t.services.db
    .selectFrom('school_blog_post')
    .select('id')
    .where('group_id', '=', groupId)
    .executeTakeFirstOrThrow();
  const stored = await storeDocument(t.services, {
    school,
    member: { ...member, groupIds: [groupId] },
    space: { kind: 'group', groupId },
    file: { name: 'a.pdf', mediaType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
  });
  if (!stored.ok) throw new Error('not stored');
  return { uai: school.uai, messageId: sent.messageId, groupId, postId: post.id, documentId: stored.id };
});

/** A page of a school's service in commune A: 404 for every actor, none of whom is a member of the school. */
function spacePage(
  method: 'GET' | 'POST',
  pattern: string,
  path: (o: Objects) => string,
  form?: Record<string, string>,
): IsolationCase {
  return {
    route: `${method} ${pattern}`,
    attempts: async (world) => {
      const o = await objectsOf(world);
      return (await schoolPage(method, pattern, () => path(o), form).attempts?.(world)) ?? [];
    },
  };
}

const messagerie = (o: Objects) => `/ecole/${o.uai}/messagerie`;

/** The school's messaging, blogs and documents: only the school's members reach them (issue 22 §7). */
export const spacesCases: IsolationCase[] = [
  spacePage('GET', '/ecole/:uai/messagerie', messagerie),
  spacePage('GET', '/ecole/:uai/messagerie/envoyes', (o) => `${messagerie(o)}/envoyes`),
  spacePage('GET', '/ecole/:uai/messagerie/nouveau', (o) => `${messagerie(o)}/nouveau`),
  spacePage('POST', '/ecole/:uai/messagerie', messagerie, { objet: 'X', texte: 'Y' }),
  spacePage('GET', '/ecole/:uai/messagerie/moderation', (o) => `${messagerie(o)}/moderation`),
  spacePage('POST', '/ecole/:uai/messagerie/suspension', (o) => `${messagerie(o)}/suspension`, { etat: 'suspendre' }),
  spacePage(
    'POST',
    '/ecole/:uai/messagerie/signalements/:id/traite',
    (o) => `${messagerie(o)}/signalements/${o.messageId}/traite`,
  ),
  spacePage('GET', '/ecole/:uai/messagerie/:id', (o) => `${messagerie(o)}/${o.messageId}`),
  spacePage('GET', '/ecole/:uai/messagerie/:id/piece', (o) => `${messagerie(o)}/${o.messageId}/piece`),
  spacePage('POST', '/ecole/:uai/messagerie/:id/signalement', (o) => `${messagerie(o)}/${o.messageId}/signalement`, {
    motif: 'X',
  }),
  spacePage('GET', '/ecole/:uai/blogs', (o) => `/ecole/${o.uai}/blogs`),
  spacePage('GET', '/ecole/:uai/blogs/:blog', (o) => `/ecole/${o.uai}/blogs/${o.groupId}`),
  spacePage('POST', '/ecole/:uai/blogs/:blog', (o) => `/ecole/${o.uai}/blogs/${o.groupId}`, { titre: 'X', texte: 'Y' }),
  spacePage('POST', '/ecole/:uai/blogs/:blog/moderation', (o) => `/ecole/${o.uai}/blogs/${o.groupId}/moderation`),
  spacePage('GET', '/ecole/:uai/blogs/:blog/:post', (o) => `/ecole/${o.uai}/blogs/${o.groupId}/${o.postId}`),
  spacePage(
    'POST',
    '/ecole/:uai/blogs/:blog/:post/commentaires',
    (o) => `/ecole/${o.uai}/blogs/${o.groupId}/${o.postId}/commentaires`,
    { commentaire: 'X' },
  ),
  spacePage('GET', '/ecole/:uai/documents', (o) => `/ecole/${o.uai}/documents`),
  spacePage('GET', '/ecole/:uai/documents/:space', (o) => `/ecole/${o.uai}/documents/${o.groupId}`),
  spacePage('POST', '/ecole/:uai/documents/:space', (o) => `/ecole/${o.uai}/documents/${o.groupId}`),
  spacePage('GET', '/ecole/:uai/documents/:space/:id', (o) => `/ecole/${o.uai}/documents/${o.groupId}/${o.documentId}`),
  spacePage(
    'POST',
    '/ecole/:uai/documents/:space/:id/suppression',
    (o) => `/ecole/${o.uai}/documents/${o.groupId}/${o.documentId}/suppression`,
  ),
  operatorConsolePage('/admin/ecoles/messagerie'),
  {
    route: 'POST /admin/ecoles/messagerie',
    attempts: async (world) => [
      { as: 'adminOfA', method: 'POST', url: '/admin/ecoles/messagerie', form: { etat: 'suspendre' }, expect: 404 },
      {
        as: 'adminOfA',
        method: 'POST',
        url: `/c/${world.communeA.slug}/admin/ecoles/messagerie`,
        form: { etat: 'suspendre' },
        expect: 404,
      },
      { as: 'agentOfB', method: 'POST', url: '/admin/ecoles/messagerie', form: { etat: 'suspendre' }, expect: 404 },
    ],
  },
];
