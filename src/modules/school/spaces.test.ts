import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildClass,
  buildSchool,
  buildSchoolCommune,
  buildSchoolMember,
  linkChild,
} from '../../../test/school-factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { blogRights } from './blogs/blog-rights.ts';
import { documentRights, fitsQuota, PERSONAL_QUOTA_BYTES } from './documents/document-rights.ts';
import type { Profile, School } from './school.tables.ts';

describe('blog rights per profile (issue 22 §2)', () => {
  const who = (profile: Profile, groupIds: string[] = [], childGroupIds: string[] = []) => ({
    profile,
    groupIds,
    childGroupIds,
  });
  it.each([
    [
      'pupil, own class',
      who('pupil', ['A']),
      'A',
      { read: true, post: 'moderated', comment: 'moderated', moderate: false },
    ],
    ['pupil, other class', who('pupil', ['A']), 'B', { read: false, post: null, comment: null, moderate: false }],
    [
      'pupil, school blog',
      who('pupil', ['A']),
      null,
      { read: true, post: null, comment: 'moderated', moderate: false },
    ],
    [
      'parent, child’s class',
      who('parent', [], ['A']),
      'A',
      { read: true, post: null, comment: 'moderated', moderate: false },
    ],
    ['parent, other class', who('parent', [], ['A']), 'B', { read: false, post: null, comment: null, moderate: false }],
    [
      'teacher, own class',
      who('teacher', ['A']),
      'A',
      { read: true, post: 'direct', comment: 'direct', moderate: true },
    ],
    [
      'teacher, other class',
      who('teacher', ['A']),
      'B',
      { read: true, post: null, comment: 'direct', moderate: false },
    ],
    ['teacher, school blog', who('teacher'), null, { read: true, post: 'direct', comment: 'direct', moderate: false }],
    ['head, any class', who('head'), 'B', { read: true, post: 'direct', comment: 'direct', moderate: true }],
    ['head, school blog', who('head'), null, { read: true, post: 'direct', comment: 'direct', moderate: true }],
  ] as const)('%s', (_name, viewer, groupId, expected) => {
    expect(
      blogRights({ ...viewer, groupIds: [...viewer.groupIds], childGroupIds: [...viewer.childGroupIds] }, groupId),
    ).toEqual(expected);
  });

  it('gives documents spaces to their members, reading to parents, nothing to others', () => {
    expect(
      documentRights({ profile: 'parent', groupIds: [], childGroupIds: ['A'] }, { kind: 'group', groupId: 'A' }),
    ).toMatchObject({ read: true, write: false });
    expect(
      documentRights({ profile: 'pupil', groupIds: ['A'], childGroupIds: [] }, { kind: 'group', groupId: 'B' }).read,
    ).toBe(false);
    expect(
      documentRights({ profile: 'pupil', groupIds: ['A'], childGroupIds: [] }, { kind: 'group', groupId: 'A' }),
    ).toMatchObject({ write: true, deleteAny: false });
    expect(
      documentRights({ profile: 'teacher', groupIds: ['A'], childGroupIds: [] }, { kind: 'group', groupId: 'A' })
        .deleteAny,
    ).toBe(true);
    expect(fitsQuota(PERSONAL_QUOTA_BYTES - 10, 10, PERSONAL_QUOTA_BYTES)).toBe(true);
    expect(fitsQuota(PERSONAL_QUOTA_BYTES - 10, 11, PERSONAL_QUOTA_BYTES)).toBe(false);
  });
});

let t: TestContext;
let commune: ResolvedTenant;
let otherCommune: ResolvedTenant;
let school: School;
let classA: string;
let classB: string;
type Member = Awaited<ReturnType<typeof buildSchoolMember>>;
let teacherA: Member, pupilA: Member, pupilB: Member, parentA: Member;
let asTeacherA: TestClient, asPupilA: TestClient, asPupilB: TestClient, asParentA: TestClient;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  t = await createTestContext();
  commune = await buildSchoolCommune(t.services);
  otherCommune = await buildSchoolCommune(t.services);
  school = await buildSchool(t.services, commune);
  teacherA = await buildSchoolMember(t.services, school, 'teacher');
  pupilA = await buildSchoolMember(t.services, school, 'pupil');
  pupilB = await buildSchoolMember(t.services, school, 'pupil');
  parentA = await buildSchoolMember(t.services, school, 'parent');
  classA = await buildClass(t.services, school, 'CE2 A', [teacherA.personId, pupilA.personId]);
  classB = await buildClass(t.services, school, 'CE2 B', [pupilB.personId]);
  await linkChild(t.services, school, parentA.personId, pupilA.personId);
  const c = `/c/${commune.slug}`;
  asTeacherA = await t.signedIn(teacherA.email, teacherA.password, c);
  asPupilA = await t.signedIn(pupilA.email, pupilA.password, c);
  asPupilB = await t.signedIn(pupilB.email, pupilB.password, c);
  asParentA = await t.signedIn(parentA.email, parentA.password, c);
});
afterAll(async () => {
  await t.close();
});

const blogs = () => `/c/${commune.slug}/ecole/${school.uai}/blogs`;
const documents = () => `/c/${commune.slug}/ecole/${school.uai}/documents`;

describe('class blogs with moderation (issue 22 §2, §7)', () => {
  it('holds a pupil’s post until the class’s teacher publishes it, then parents of the class read it', async () => {
    await asPupilA.get(`${blogs()}/${classA}`);
    const proposed = await asPupilA.post(`${blogs()}/${classA}`, { titre: 'Notre sortie', texte: 'Au musée.' });
    expect(proposed.statusCode).toBe(303);
    expect(String(proposed.headers.location)).toContain('fait=attente');
    expect((await asParentA.get(`${blogs()}/${classA}`)).body).not.toContain('Notre sortie');
    const post = await t.services.db
      .selectFrom('school_blog_post')
      .select('id')
      .where('title', '=', 'Notre sortie')
      .executeTakeFirstOrThrow();
    // Another class's pupil can neither read the blog nor moderate it.
    expect((await asPupilB.get(`${blogs()}/${classA}`)).statusCode).toBe(404);
    const queue = await asTeacherA.get(`${blogs()}/${classA}`);
    expect(queue.body).toContain('en attente de modération');
    expect(
      (await asTeacherA.post(`${blogs()}/${classA}/moderation`, { type: 'billet', id: post.id, decision: 'publier' }))
        .statusCode,
    ).toBe(303);
    const read = await asParentA.get(`${blogs()}/${classA}`);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Notre sortie');
    // A parent's comment waits for moderation too; the teacher's is published at once.
    await asParentA.get(`${blogs()}/${classA}/${post.id}`);
    expect(
      String(
        (await asParentA.post(`${blogs()}/${classA}/${post.id}/commentaires`, { commentaire: 'Bravo !' })).headers
          .location,
      ),
    ).toContain('commentaire_attente');
    await asTeacherA.get(`${blogs()}/${classA}/${post.id}`);
    expect(
      String(
        (await asTeacherA.post(`${blogs()}/${classA}/${post.id}/commentaires`, { commentaire: 'Merci à tous.' }))
          .headers.location,
      ),
    ).toContain('fait=commente');
    const page = await asPupilA.get(`${blogs()}/${classA}/${post.id}`);
    expect(page.body).toContain('Merci à tous.');
    expect(page.body).not.toContain('Bravo !');
  });

  it('shows a parent the blogs of their child’s class and the school, not the others', async () => {
    const list = await asParentA.get(blogs());
    expect(list.body).toContain('CE2 A');
    expect(list.body).not.toContain('CE2 B');
    expect((await asParentA.get(`${blogs()}/${classB}`)).statusCode).toBe(404);
    await asParentA.get(`${blogs()}/ecole`);
    expect((await asParentA.post(`${blogs()}/ecole`, { titre: 'X', texte: 'Y' })).statusCode).toBe(404);
  });

  it('says in French what is missing in a post', async () => {
    await asTeacherA.get(`${blogs()}/${classA}`);
    const response = await asTeacherA.post(`${blogs()}/${classA}`, { titre: '', texte: '' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Indiquez le titre du billet.');
  });
});

describe('documents spaces (issue 22 §3, §7)', () => {
  it('stores a file checked by content in the class space, readable by the class and its parents only', async () => {
    await asPupilA.get(`${documents()}/${classA}`);
    const fake = await asPupilA.postMultipart(
      `${documents()}/${classA}`,
      {},
      {
        fichier: { filename: 'dessin.png', contentType: 'image/png', bytes: Buffer.from('<script>alert(1)</script>') },
      },
    );
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain('Ce type de fichier n’est pas accepté');
    const stored = await asPupilA.postMultipart(
      `${documents()}/${classA}`,
      {},
      {
        fichier: { filename: 'dessin.png', contentType: 'image/png', bytes: PNG },
      },
    );
    expect(stored.statusCode).toBe(303);
    const doc = await t.services.db
      .selectFrom('school_document')
      .select('id')
      .where('group_id', '=', classA)
      .executeTakeFirstOrThrow();
    const download = await asParentA.get(`${documents()}/${classA}/${doc.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect((await asPupilB.get(`${documents()}/${classA}/${doc.id}`)).statusCode).toBe(404);
    // A parent reads the class's space but does not write to it.
    await asParentA.get(`${documents()}/${classA}`);
    const parentUpload = await asParentA.postMultipart(
      `${documents()}/${classA}`,
      {},
      {
        fichier: { filename: 'a.png', contentType: 'image/png', bytes: PNG },
      },
    );
    expect(parentUpload.statusCode).toBe(404);
  });

  it('keeps a personal space to its owner and refuses a file beyond the quota', async () => {
    await t.services.db
      .insertInto('school_document')
      .values({
        tenant_id: commune.id,
        school_id: school.id,
        owner_id: pupilB.personId,
        group_id: null,
        uploaded_by: pupilB.personId,
        name: 'gros.pdf',
        media_type: 'application/pdf',
        byte_size: PERSONAL_QUOTA_BYTES - 10,
        sha256: '0'.repeat(64),
        created_at: t.clock.now(),
      })
      .execute();
    await asPupilB.get(`${documents()}/perso`);
    const full = await asPupilB.postMultipart(
      `${documents()}/perso`,
      {},
      {
        fichier: { filename: 'image.png', contentType: 'image/png', bytes: PNG },
      },
    );
    expect(full.statusCode).toBe(413);
    expect(full.body).toContain("L'espace est plein");
    // Another pupil's personal space shows their own documents, never B's.
    expect((await asPupilA.get(`${documents()}/perso`)).body).not.toContain('gros.pdf');
  });

  it('keeps a commune’s schools out of another commune’s instance', async () => {
    expect((await asPupilA.get(`/c/${otherCommune.slug}/ecole/${school.uai}/documents`)).statusCode).toBe(404);
    expect((await asPupilA.get(`/c/${otherCommune.slug}/ecole/${school.uai}/blogs`)).statusCode).toBe(404);
  });
});

describe("the portal's choice of services (issue 22, E3)", () => {
  it('offers the school’s own services as tiles with no address, leading to their pages', async () => {
    const head = await buildSchoolMember(t.services, school, 'head');
    const asHead = await t.signedIn(head.email, head.password, `/c/${commune.slug}`);
    const gestion = `/c/${commune.slug}/ecole/${school.uai}/gestion`;
    await asHead.get(gestion);
    const refused = await asHead.post(`${gestion}/tuiles`, { titre: 'Cantine', service: 'link', adresse: '' });
    expect(refused.statusCode).toBe(422);
    await asHead.get(gestion);
    expect(
      (await asHead.post(`${gestion}/tuiles`, { titre: 'Messagerie', service: 'messaging', adresse: '' })).statusCode,
    ).toBe(303);
    const tile = await t.services.db
      .selectFrom('school_tile')
      .select('id')
      .where('school_id', '=', school.id)
      .where('service', '=', 'messaging')
      .executeTakeFirstOrThrow();
    const opened = await asPupilA.get(`/c/${commune.slug}/ecole/${school.uai}/services/${tile.id}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/c/${commune.slug}/ecole/${school.uai}/messagerie`);
  });
});
