import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOperator } from '../../../../test/factories.ts';
import {
  buildClass,
  buildSchool,
  buildSchoolCommune,
  buildSchoolMember,
  linkChild,
} from '../../../../test/school-factories.ts';
import type { TestClient } from '../../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import type { Profile, School } from '../school.tables.ts';
import { maySend } from './send-rules.ts';

describe('who may write to whom (issue 22 §1): the send rules, one row per case', () => {
  const party = (
    profile: Profile,
    extra: { schoolId?: string; groupIds?: string[]; childGroupIds?: string[] } = {},
  ) => ({
    personId: `${profile}-${Math.random()}`,
    schoolId: extra.schoolId ?? 'S1',
    profile,
    groupIds: extra.groupIds ?? [],
    childGroupIds: extra.childGroupIds ?? [],
  });
  const cases: Array<[string, ReturnType<typeof party>, ReturnType<typeof party>, boolean]> = [
    [
      'pupil → teacher of their class',
      party('pupil', { groupIds: ['A'] }),
      party('teacher', { groupIds: ['A'] }),
      true,
    ],
    [
      'pupil → teacher of another class',
      party('pupil', { groupIds: ['A'] }),
      party('teacher', { groupIds: ['B'] }),
      false,
    ],
    ['pupil → head', party('pupil'), party('head'), true],
    ['pupil → school admin', party('pupil'), party('school_admin'), true],
    ['pupil → school staff', party('pupil'), party('staff'), true],
    ['pupil → classmate', party('pupil', { groupIds: ['A'] }), party('pupil', { groupIds: ['A'] }), false],
    ['pupil → parent', party('pupil'), party('parent'), false],
    [
      'pupil → teacher of another school',
      party('pupil', { groupIds: ['A'] }),
      party('teacher', { schoolId: 'S2', groupIds: ['A'] }),
      false,
    ],
    [
      'parent → teacher of their child',
      party('parent', { childGroupIds: ['A'] }),
      party('teacher', { groupIds: ['A'] }),
      true,
    ],
    ['parent → other teacher', party('parent', { childGroupIds: ['A'] }), party('teacher', { groupIds: ['B'] }), false],
    ['parent → head', party('parent'), party('head'), true],
    ['parent → staff', party('parent'), party('staff'), true],
    [
      'parent → other parent',
      party('parent', { childGroupIds: ['A'] }),
      party('parent', { childGroupIds: ['A'] }),
      false,
    ],
    ['parent → pupil', party('parent', { childGroupIds: ['A'] }), party('pupil', { groupIds: ['A'] }), false],
    ['teacher → any pupil', party('teacher', { groupIds: ['A'] }), party('pupil', { groupIds: ['B'] }), true],
    ['teacher → parent', party('teacher'), party('parent'), true],
    ['teacher → teacher', party('teacher'), party('teacher'), true],
    ['teacher → head', party('teacher'), party('head'), true],
    ['staff → pupil', party('staff'), party('pupil'), true],
    ['head → parent', party('head'), party('parent'), true],
    ['school admin → pupil', party('school_admin'), party('pupil'), true],
    ['head → head of another school', party('head'), party('head', { schoolId: 'S2' }), false],
    ['teacher → parent of another school', party('teacher'), party('parent', { schoolId: 'S2' }), false],
  ];
  it.each(cases)('%s', (_name, from, to, expected) => {
    expect(maySend(from, to)).toBe(expected);
  });
  it('nobody writes to themselves', () => {
    const head = party('head');
    expect(maySend(head, head)).toBe(false);
  });
});

let t: TestContext;
let commune: ResolvedTenant;
let school: School;
let otherSchool: School;
type Member = Awaited<ReturnType<typeof buildSchoolMember>>;
let head: Member, admin: Member, teacherA: Member, teacherB: Member, pupil: Member, classmate: Member, parent: Member;
let stranger: Member;
let asPupil: TestClient, asTeacherA: TestClient, asHead: TestClient, asParent: TestClient;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const base = () => `/c/${commune.slug}/ecole/${school.uai}/messagerie`;

beforeAll(async () => {
  t = await createTestContext();
  commune = await buildSchoolCommune(t.services);
  school = await buildSchool(t.services, commune);
  otherSchool = await buildSchool(t.services, commune);
  head = await buildSchoolMember(t.services, school, 'head');
  admin = await buildSchoolMember(t.services, school, 'school_admin');
  teacherA = await buildSchoolMember(t.services, school, 'teacher');
  teacherB = await buildSchoolMember(t.services, school, 'teacher');
  pupil = await buildSchoolMember(t.services, school, 'pupil');
  classmate = await buildSchoolMember(t.services, school, 'pupil');
  parent = await buildSchoolMember(t.services, school, 'parent');
  stranger = await buildSchoolMember(t.services, otherSchool, 'teacher');
  await buildClass(t.services, school, 'CM1 A', [teacherA.personId, pupil.personId, classmate.personId]);
  await buildClass(t.services, school, 'CM1 B', [teacherB.personId]);
  await linkChild(t.services, school, parent.personId, pupil.personId);
  const c = `/c/${commune.slug}`;
  asPupil = await t.signedIn(pupil.email, pupil.password, c);
  asTeacherA = await t.signedIn(teacherA.email, teacherA.password, c);
  asHead = await t.signedIn(head.email, head.password, c);
  asParent = await t.signedIn(parent.email, parent.password, c);
});
afterAll(async () => {
  await t.close();
});

async function send(client: TestClient, to: string[], subject = 'Bonjour', file?: { filename: string; bytes: Buffer }) {
  await client.get(`${base()}/nouveau`);
  const fields: Record<string, string> = { objet: subject, texte: 'Un message.' };
  to.forEach((id, i) => {
    fields[i === 0 ? 'destinataires' : `destinataires-g${i}`] = id;
  });
  return client.postMultipart(base(), fields, file ? { piece: { ...file, contentType: 'application/pdf' } } : {});
}

describe('messaging in a school (issue 22 §1, §7)', () => {
  it('offers a pupil only the people the rules allow, and refuses the others when posted anyway', async () => {
    const page = await asPupil.get(`${base()}/nouveau`);
    expect(page.statusCode).toBe(200);
    for (const allowed of [teacherA, head]) expect(page.body).toContain(`value="${allowed.personId}"`);
    for (const refused of [teacherB, classmate, parent]) expect(page.body).not.toContain(`value="${refused.personId}"`);
    const refused = await send(asPupil, [teacherB.personId]);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Vous ne pouvez pas écrire à certaines des personnes choisies');
    // A person of another school of the same commune is out of reach too.
    expect((await send(asPupil, [stranger.personId])).statusCode).toBe(422);
    expect((await send(asPupil, [teacherA.personId], 'Question sur les devoirs')).statusCode).toBe(303);
    const inbox = await asTeacherA.get(base());
    expect(inbox.body).toContain('Question sur les devoirs');
    expect(inbox.body).toContain('(non lu)');
  });

  it('lets a parent write to their child’s teacher, not to another class’s', async () => {
    const page = await asParent.get(`${base()}/nouveau`);
    expect(page.body).toContain(`value="${teacherA.personId}"`);
    expect(page.body).not.toContain(`value="${teacherB.personId}"`);
    expect((await send(asParent, [teacherB.personId])).statusCode).toBe(422);
  });

  it('checks an attachment by its content, and shows it only to the sender and recipients', async () => {
    const fake = await send(asTeacherA, [pupil.personId], 'Fausse pièce', {
      filename: 'devoir.pdf',
      bytes: Buffer.from('MZ pas un pdf'),
    });
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain('Ce type de fichier n’est pas accepté');
    const sent = await send(asTeacherA, [pupil.personId], 'Le devoir', { filename: 'devoir.pdf', bytes: PDF });
    expect(sent.statusCode).toBe(303);
    const message = await t.services.db
      .selectFrom('school_message')
      .select('id')
      .where('subject', '=', 'Le devoir')
      .executeTakeFirstOrThrow();
    const download = await asPupil.get(`${base()}/${message.id}/piece`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect((await asParent.get(`${base()}/${message.id}/piece`)).statusCode).toBe(404);
    expect((await asParent.get(`${base()}/${message.id}`)).statusCode).toBe(404);
  });

  it('stops sending at once when the school suspends its messaging, with a French notice, audited', async () => {
    await asHead.get(`${base()}/moderation`);
    expect((await asHead.post(`${base()}/suspension`, { etat: 'suspendre' })).statusCode).toBe(303);
    const refused = await send(asTeacherA, [pupil.personId], 'Pendant la suspension');
    expect(refused.statusCode).toBe(423);
    expect(refused.body).toContain("La messagerie de l'école est suspendue par son administration");
    expect((await asPupil.get(base())).body).toContain('aucun message ne peut être envoyé');
    const actions = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('target_id', '=', school.id)
      .where('action', 'like', 'school.messag%')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['school.messaging_suspended', 'school.message_refused_suspended']),
    );
    // Only the school's managers hold the switch.
    await asTeacherA.get(base());
    expect((await asTeacherA.post(`${base()}/suspension`, { etat: 'retablir' })).statusCode).toBe(404);
    await asHead.get(`${base()}/moderation`);
    expect((await asHead.post(`${base()}/suspension`, { etat: 'retablir' })).statusCode).toBe(303);
    expect((await send(asTeacherA, [pupil.personId], 'Après la suspension')).statusCode).toBe(303);
  });

  it('stops every school at once when the metropolis suspends messaging', async () => {
    const operator = await buildOperator(t.services);
    const console = await t.signedIn(operator.email, operator.password);
    expect((await console.get('/admin/ecoles/messagerie')).statusCode).toBe(200);
    expect((await console.post('/admin/ecoles/messagerie', { etat: 'suspendre' })).statusCode).toBe(303);
    const refused = await send(asPupil, [teacherA.personId], 'Pendant la suspension globale');
    expect(refused.statusCode).toBe(423);
    expect(refused.body).toContain('La messagerie de toutes les écoles est suspendue par la Métropole');
    // A school's head cannot lift the metropolis's suspension, nor reach its switch.
    expect((await asHead.get('/admin/ecoles/messagerie')).statusCode).toBe(404);
    await console.get('/admin/ecoles/messagerie');
    expect((await console.post('/admin/ecoles/messagerie', { etat: 'retablir' })).statusCode).toBe(303);
    const audited = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['school.messaging_suspended_everywhere', 'school.messaging_restored_everywhere'])
      .execute();
    expect(audited).toHaveLength(2);
    expect((await send(asPupil, [teacherA.personId], 'Après la suspension globale')).statusCode).toBe(303);
  });

  it("sends an abuse report to the school's administrators with the message kept as evidence", async () => {
    expect((await send(asPupil, [teacherA.personId], 'Message menaçant')).statusCode).toBe(303);
    const message = await t.services.db
      .selectFrom('school_message')
      .select('id')
      .where('subject', '=', 'Message menaçant')
      .executeTakeFirstOrThrow();
    await asTeacherA.get(`${base()}/${message.id}`);
    const reported = await asTeacherA.post(`${base()}/${message.id}/signalement`, { motif: 'Menaces' });
    expect(reported.statusCode).toBe(303);
    expect(String(reported.headers.location)).toContain('fait=signale');
    // The evidence stays whatever happens to the message afterwards.
    await t.services.db.updateTable('school_message').set({ body: 'effacé' }).where('id', '=', message.id).execute();
    const moderation = await asHead.get(`${base()}/moderation`);
    expect(moderation.statusCode).toBe(200);
    expect(moderation.body).toContain('Message menaçant');
    expect(moderation.body).toContain('Un message.');
    expect(moderation.body).toContain('Menaces');
    expect((await asTeacherA.get(`${base()}/moderation`)).statusCode).toBe(404);
    // The school's administrators are told by e-mail, without the message's words.
    const mails = await t.services.db.selectFrom('job').select('payload').where('name', '=', 'mail.send').execute();
    const toAdmin = mails.map((m) => JSON.stringify(m.payload)).filter((p) => p.includes(admin.email));
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0]).toContain('/messagerie/moderation');
    expect(toAdmin[0]).not.toContain('Un message.');
    // The sender cannot report their own message.
    await asPupil.get(`${base()}/${message.id}`);
    expect((await asPupil.post(`${base()}/${message.id}/signalement`, { motif: 'x' })).statusCode).toBe(404);
  });

  it("keeps a school's messaging to its members: another school's teacher gets 404", async () => {
    const other = await t.signedIn(stranger.email, stranger.password, `/c/${commune.slug}`);
    expect((await other.get(base())).statusCode).toBe(404);
    expect((await other.get(`/c/${commune.slug}/ecole/${otherSchool.uai}/messagerie`)).statusCode).toBe(200);
  });
});
