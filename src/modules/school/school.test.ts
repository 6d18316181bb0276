import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailyJobsOn } from '../../../test/agreement-support/helpers.ts';
import { buildCommune, buildOperator, buildUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildSchool, buildSchoolCommune, buildSchoolMember, uniqueUai } from '../../../test/school-factories.ts';
import { FakeEduConnect, TEST_SAML_KEYS } from '../../../test/support/fake-educonnect.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { insertAccount } from '../../platform/auth/accounts.repo.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { readAafRecords } from './aaf/aaf-reader.ts';
import { mapEduConnectAttributes } from './educonnect/sign-in-with-educonnect.ts';
import type { School } from './school.tables.ts';
import { isValidUai } from './uai.ts';

const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/school');
const FULL = 'ENT1D_Complet_20260901_Lyon.xml';
const DELTA = 'ENT1D_Delta_20261002_Lyon.xml';
const FIXTURE_UAI = '0691234S';
const PUBLIC_URL = 'http://localhost:3000';

let t: TestContext;
const idp = new FakeEduConnect();
const impostor = new FakeEduConnect({ key: TEST_SAML_KEYS.spKey, cert: TEST_SAML_KEYS.spCert });
let commune: ResolvedTenant;
let school: School;
let head: TestClient;

beforeAll(async () => {
  await idp.start(PUBLIC_URL);
  await impostor.start(PUBLIC_URL);
  t = await createTestContext({ env: { PUBLIC_URL, ...idp.env() } });
  commune = await buildSchoolCommune(t.services);
  school = await buildSchool(t.services, commune, FIXTURE_UAI);
  const admin = await buildSchoolMember(t.services, school, 'school_admin');
  head = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
});
afterAll(async () => {
  await t.close();
  await idp.stop();
  await impostor.stop();
});

const gestion = () => `/c/${commune.slug}/ecole/${FIXTURE_UAI}/gestion`;

async function importFile(client: TestClient, file: string, type: 'full' | 'delta') {
  await client.get(gestion());
  const response = await client.postMultipart(
    `${gestion()}/import`,
    { type },
    { fichier: { filename: file, contentType: 'application/xml', bytes: await readFile(path.join(FIXTURES, file)) } },
  );
  expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
  const id = String(response.headers.location).split('/').pop() ?? '';
  return t.services.db.selectFrom('school_import').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function profileOf(jointure: string) {
  return t.services.db
    .selectFrom('school_profile as p')
    .innerJoin('school_person as s', 's.id', 'p.person_id')
    .select(['p.profile', 'p.active', 's.id'])
    .where('s.aaf_jointure', '=', jointure)
    .where('p.school_id', '=', school.id)
    .executeTakeFirst();
}

async function groupsOf(jointure: string): Promise<string[]> {
  const rows = await t.services.db
    .selectFrom('school_membership as m')
    .innerJoin('school_group as g', 'g.id', 'm.group_id')
    .innerJoin('school_person as s', 's.id', 'm.person_id')
    .select('g.code')
    .where('s.aaf_jointure', '=', jointure)
    .orderBy('g.code')
    .execute();
  return rows.map((r) => r.code);
}

/** A browser through EduConnect: our signed request to the fake IdP, its auto-posted form back to our ACS. */
async function eduConnectLogin(client: TestClient, server: FakeEduConnect = idp) {
  const start = await client.get('/ecole/educonnect/connexion');
  expect(start.statusCode).toBe(303);
  const location = String(start.headers.location).replace(idp.ssoUrl, server.ssoUrl);
  const page = await (await fetch(location)).text();
  const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(page)?.[1] ?? '';
  expect(samlResponse).not.toBe('');
  return {
    samlResponse,
    post: (body = samlResponse) => client.post('/ecole/educonnect/acs', { SAMLResponse: body }, { withCsrf: false }),
  };
}

describe('the AAF directory import (issue 21 §2, §7)', () => {
  it('reads a feed in chunks of any size, a character split between two chunks included', async () => {
    const bytes = await readFile(path.join(FIXTURES, FULL));
    const chunks = async function* () {
      for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
    };
    const records = [];
    for await (const record of readAafRecords(chunks())) records.push(record);
    expect(records).toHaveLength(11);
    expect(records[0]).toMatchObject({ operation: 'add', category: 'Eleve', identifier: '3000001' });
    expect(records[0]?.attributes.get('ENTPersonPrenom')).toEqual(['Léa']);
  });

  it('imports the full export, reports created and rejected lines, and a second run changes nothing', async () => {
    const first = await importFile(head, FULL, 'full');
    expect(first).toMatchObject({ kind: 'full', created: 8, updated: 0, removed: 0, unchanged: 0, ignored: 1 });
    expect(first.rejected.map((r) => [r.identifier, r.reason])).toEqual([
      ['3000004', 'Date de naissance illisible : « 30/02/2016 » (jj/mm/aaaa attendu).'],
      ['2000003', 'Nom ou prénom absent.'],
    ]);
    expect(first.rejected[0]?.line).toBeGreaterThan(1);
    expect(await profileOf('1000001')).toMatchObject({ profile: 'head', active: true });
    expect(await profileOf('1000002')).toMatchObject({ profile: 'teacher', active: true });
    expect(await profileOf('1000003')).toMatchObject({ profile: 'staff', active: true });
    expect(await profileOf('2000001')).toMatchObject({ profile: 'parent', active: true });
    expect(await groupsOf('3000001')).toEqual(['CHORALE', 'CM1-A']);
    expect(await profileOf('3000005')).toBeUndefined();

    const report = await head.get(`${gestion()}/imports/${first.id}`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('30/02/2016');

    const again = await importFile(head, FULL, 'full');
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 8, ignored: 1 });
    expect(again.sha256).toBe(first.sha256);
  });

  it('applies a delta: an arrival, a change of class, a departure, and only what it names', async () => {
    const delta = await importFile(head, DELTA, 'delta');
    expect(delta).toMatchObject({ kind: 'delta', created: 1, updated: 1, removed: 1, unchanged: 1 });
    expect(delta.rejected.map((r) => r.reason)).toEqual(['Catégorie de personne inconnue : « Inconnu ».']);
    expect(await groupsOf('3000002')).toEqual(['CM2-B']);
    expect(await profileOf('3000006')).toMatchObject({ profile: 'pupil', active: true });
    expect(await profileOf('1000003')).toMatchObject({ active: false });
    // A delta says nothing of who is absent from it.
    expect(await profileOf('1000002')).toMatchObject({ active: true });
    const again = await importFile(head, DELTA, 'delta');
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0 });
  });

  it('refuses a file that is not XML, and an XML file that is not an AAF feed, naming the problem', async () => {
    await head.get(gestion());
    const notXml = await head.postMultipart(
      `${gestion()}/import`,
      { type: 'full' },
      { fichier: { filename: 'aaf.xml', contentType: 'application/xml', bytes: Buffer.from('%PDF-1.7 nope') } },
    );
    expect(notXml.statusCode).toBe(415);
    expect(notXml.body).toContain("n'est pas un fichier XML");
    await head.get(gestion());
    const other = await head.postMultipart(
      `${gestion()}/import`,
      { type: 'full' },
      {
        fichier: {
          filename: 'x.xml',
          contentType: 'application/xml',
          bytes: Buffer.from('<?xml version="1.0"?><html></html>'),
        },
      },
    );
    expect(other.statusCode).toBe(422);
    expect(other.body).toContain('pas un flux AAF');
  });

  it('keeps what the school entered by hand when a full export runs', async () => {
    await head.get(gestion());
    expect(
      (await head.post(`${gestion()}/personnes`, { nom: 'Bénévole', prenom: 'Anne', courriel: '', profil: 'staff' }))
        .statusCode,
    ).toBe(303);
    await importFile(head, FULL, 'full');
    const kept = await t.services.db
      .selectFrom('school_profile as p')
      .innerJoin('school_person as s', 's.id', 'p.person_id')
      .select('p.active')
      .where('s.last_name', '=', 'Bénévole')
      .where('p.school_id', '=', school.id)
      .executeTakeFirstOrThrow();
    expect(kept.active).toBe(true);
    // The full export no longer holds the delta's arrival: she leaves; the departed assistant is back.
    expect(await profileOf('3000006')).toMatchObject({ active: false });
    expect(await profileOf('1000003')).toMatchObject({ active: true });
  });
});

describe('login (issue 21 §3, §7)', () => {
  it('maps EduConnect attributes: affiliation, identifier and the AAF join identifier of FrEduCtRefId', () => {
    const identity = mapEduConnectAttributes(
      {
        'urn:oid:1.3.6.1.4.1.20326.10.999.1.7': ['resp1d'],
        'urn:oid:1.3.6.1.4.1.20326.10.999.1.57': ['ec-42'],
        'urn:oid:2.5.4.4': ['MARTIN'],
        'urn:oid:2.5.4.42': ['Julie'],
        FrEduCtRefId: ['{AAF}10|ENT1D|2000001', '{SIECLE}10|987', '{AAF}10|ENT2D|2000099'],
      },
      'nameid',
    );
    expect(identity).toEqual({
      id: 'ec-42',
      kind: 'parent',
      lastName: 'MARTIN',
      firstName: 'Julie',
      jointures: ['2000001', '2000099'],
    });
    expect(mapEduConnectAttributes({ 'urn:oid:1.3.6.1.4.1.20326.10.999.1.7': ['ens'] }, 'x')).toBeNull();
  });

  it('signs a pupil in through EduConnect (signed, encrypted assertion) onto their school portal, linked by the AAF join identifier', async () => {
    await importFile(head, FULL, 'full');
    idp.signInAs({
      id: 'ec-lea',
      lastName: 'MARTIN',
      firstName: 'Léa',
      affiliation: 'eleve1d',
      refIds: ['{AAF}10|ENT1D|3000001'],
      uai: FIXTURE_UAI,
    });
    const browser = t.client();
    const { post } = await eduConnectLogin(browser);
    const landed = await post();
    expect(landed.statusCode).toBe(303);
    expect(landed.headers.location).toBe(`/c/${commune.slug}/ecole/${FIXTURE_UAI}`);
    const portal = await browser.get(String(landed.headers.location));
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain('<strong>Élève</strong>');
    const person = await t.services.db
      .selectFrom('school_person')
      .select('account_id')
      .where('aaf_jointure', '=', '3000001')
      .executeTakeFirstOrThrow();
    expect(person.account_id).not.toBeNull();

    // The same person again: the same account.
    const again = t.client();
    await (await eduConnectLogin(again)).post();
    const account = await t.services.db
      .selectFrom('school_person')
      .select('account_id')
      .where('aaf_jointure', '=', '3000001')
      .executeTakeFirstOrThrow();
    expect(account.account_id).toBe(person.account_id);
  });

  it('refuses a tampered assertion, one signed by another key, and a replayed one', async () => {
    idp.signInAs({
      id: 'ec-yanis',
      lastName: 'BENALI',
      firstName: 'Yanis',
      affiliation: 'eleve1d',
      refIds: ['{AAF}10|ENT1D|3000002'],
    });
    const browser = t.client();
    const { samlResponse, post } = await eduConnectLogin(browser);
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    // One character of the encrypted assertion changed.
    const tampered = xml.replace(
      /(<(?:\w+:)?CipherValue>)(.)/g,
      (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`,
    );
    expect(tampered).not.toBe(xml);
    const refused = await post(Buffer.from(tampered).toString('base64'));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("n'a pas pu être vérifiée");
    expect(browser.cookie('communs_session')).toBeUndefined();

    // The Destination rewritten to another site: outside what is signed, but checked.
    const redirected = await post(
      Buffer.from(xml.replace(/Destination="[^"]+"/, 'Destination="https://ailleurs.example/acs"')).toString('base64'),
    );
    expect(redirected.statusCode).toBe(403);

    impostor.signInAs({
      id: 'ec-yanis',
      lastName: 'BENALI',
      firstName: 'Yanis',
      affiliation: 'eleve1d',
      refIds: ['{AAF}10|ENT1D|3000002'],
    });
    const forged = await eduConnectLogin(t.client(), impostor);
    expect((await forged.post()).statusCode).toBe(403);

    expect((await post()).statusCode).toBe(303);
    const replay = await t.client().post('/ecole/educonnect/acs', { SAMLResponse: samlResponse }, { withCsrf: false });
    expect(replay.statusCode).toBe(403);
    expect(replay.body).toContain('déjà servi');
  });

  it('refuses someone EduConnect knows but no school of the platform does', async () => {
    idp.signInAs({
      id: 'ec-x',
      lastName: 'X',
      firstName: 'Y',
      affiliation: 'resp2d',
      refIds: ['{AAF}10|ENT2D|9999999'],
    });
    const response = await (await eduConnectLogin(t.client())).post();
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('rattaché à aucune école');
  });

  it('links an agent signed in with their academic address (ProConnect gives it) and a parent with the citizen identity', async () => {
    const hash = await hashPassword(TEST_PASSWORD);
    await insertAccount(t.services.db, {
      email: 'marc.petit@ac-lyon.fr',
      displayName: 'Marc Petit',
      passwordHash: hash,
      at: t.clock.now(),
    });
    const teacher = await t.signedIn('marc.petit@ac-lyon.fr', TEST_PASSWORD, `/c/${commune.slug}`);
    const portal = await teacher.get(`/c/${commune.slug}/ecole/${FIXTURE_UAI}`);
    expect(portal.body).toContain('<strong>Enseignant</strong>');

    await insertAccount(t.services.db, {
      email: 'karim.benali@example.org',
      displayName: 'Karim Benali',
      passwordHash: hash,
      at: t.clock.now(),
    });
    const parent = await t.signedIn('karim.benali@example.org', TEST_PASSWORD, `/c/${commune.slug}`);
    expect((await parent.get(`/c/${commune.slug}/ecole/${FIXTURE_UAI}`)).body).toContain('<strong>Parent</strong>');

    const stranger = await buildUser(t.services);
    const other = await t.signedIn(stranger.email, stranger.password, `/c/${commune.slug}`);
    const refused = await other.get(`/c/${commune.slug}/ecole/${FIXTURE_UAI}`);
    expect(refused.body).toContain("n'a pas de profil dans cette école");
  });
});

describe('the portal and rights by profile and group (issue 21 §1, §4, §7)', () => {
  it('shows each member the tiles of their profile and groups, the parents those of their children, and counts service use', async () => {
    const own = await buildSchool(t.services, commune);
    const base = `/c/${commune.slug}/ecole/${own.uai}`;
    const admin = await buildSchoolMember(t.services, own, 'school_admin');
    const manager = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const pupil = await buildSchoolMember(t.services, own, 'pupil');
    const parent = await buildSchoolMember(t.services, own, 'parent');
    const teacher = await buildSchoolMember(t.services, own, 'teacher');

    await manager.get(`${base}/gestion`);
    await manager.post(`${base}/gestion/groupes`, { nom_groupe: 'CE2 B', type: 'class' });
    await manager.post(`${base}/gestion/groupes`, { nom_groupe: 'Chorale', type: 'group' });
    const groups = await t.services.db
      .selectFrom('school_group')
      .select(['id', 'name'])
      .where('school_id', '=', own.id)
      .execute();
    const ce2 = groups.find((g) => g.name === 'CE2 B')?.id ?? '';
    const choir = groups.find((g) => g.name === 'Chorale')?.id ?? '';
    await manager.get(`${base}/gestion`);
    expect((await manager.post(`${base}/gestion/membres`, { personne: pupil.personId, groupe: ce2 })).statusCode).toBe(
      303,
    );
    expect(
      (await manager.post(`${base}/gestion/liens`, { parent: parent.personId, enfant: pupil.personId })).statusCode,
    ).toBe(303);
    const addTile = (titre: string, extra: Record<string, string | string[]>) =>
      manager.post(`${base}/gestion/tuiles`, {
        titre,
        service: 'link',
        adresse: `https://example.org/${encodeURIComponent(titre)}`,
        ...extra,
      });
    expect((await addTile('Pour tous', {})).statusCode).toBe(303);
    await addTile('Enseignants seulement', { profils: 'teacher' });
    await addTile('Classe de CE2 B', { groupes: ce2 });
    await addTile('Chorale seulement', { groupes: choir });
    await addTile('Parents et élèves', { profils: ['parent', 'pupil'] });
    await manager.post(`${base}/gestion/actualites`, { titre_actualite: 'Kermesse', texte: 'Samedi à 10 h.' });

    const seen = async (account: { email: string; password: string }) => {
      const client = await t.signedIn(account.email, account.password, `/c/${commune.slug}`);
      const page = await client.get(base);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Kermesse');
      return { client, titles: [...page.body.matchAll(/class="tile__title">([^<]+)</g)].map((m) => m[1]) };
    };
    expect((await seen(pupil)).titles).toEqual(['Pour tous', 'Classe de CE2 B', 'Parents et élèves']);
    expect((await seen(parent)).titles).toEqual(['Pour tous', 'Classe de CE2 B', 'Parents et élèves']);
    const teacherView = await seen(teacher);
    expect(teacherView.titles).toEqual(['Pour tous', 'Enseignants seulement']);

    // A tile not offered to the teacher is not reachable by its address either; an offered one is, and is counted.
    const tiles = await t.services.db
      .selectFrom('school_tile')
      .select(['id', 'title'])
      .where('school_id', '=', own.id)
      .execute();
    const parentsTile = tiles.find((x) => x.title === 'Parents et élèves')?.id;
    const teachersTile = tiles.find((x) => x.title === 'Enseignants seulement')?.id;
    expect((await teacherView.client.get(`${base}/services/${parentsTile}`)).statusCode).toBe(404);
    const out = await teacherView.client.get(`${base}/services/${teachersTile}`);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('https://example.org/Enseignants%20seulement');
    const usage = await t.services.db
      .selectFrom('school_usage')
      .selectAll()
      .where('school_id', '=', own.id)
      .where('kind', '=', 'service')
      .execute();
    expect(usage).toEqual([expect.objectContaining({ profile: 'teacher', service: 'link', count: 1 })]);

    // Only the head and administrators manage the school.
    const pupilClient = await t.signedIn(pupil.email, pupil.password, `/c/${commune.slug}`);
    expect((await pupilClient.get(`${base}/gestion`)).statusCode).toBe(404);
    expect((await manager.get(`${base}/gestion`)).statusCode).toBe(200);
    expect((await teacherView.client.get(`${base}/gestion`)).statusCode).toBe(404);
  });

  it('is offered only to communes subscribed to the school workspace', async () => {
    const other = await buildCommune(t.services, { toodego: 'abonne' });
    const response = await t.client().get(`/c/${other.slug}/ecole`);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("pas comprise dans l'offre");
  });
});

describe('administration by the metropolis (issue 21 §5)', () => {
  it('opens schools only with a valid UAI in a subscribed commune, and creates their administrator account', async () => {
    expect(isValidUai('0691234S')).toBe(true);
    expect(isValidUai('0691234A')).toBe(false);
    const operatorAccount = await buildOperator(t.services);
    const operator = await t.signedIn(operatorAccount.email, operatorAccount.password);
    await operator.get('/admin/ecoles');
    expect(
      (await operator.post('/admin/ecoles', { commune: commune.slug, uai: '0691234A', nom: 'X', type: 'primaire' }))
        .headers.location,
    ).toBe('/admin/ecoles?erreur=uai');
    const unsubscribed = await buildCommune(t.services, { toodego: 'abonne' });
    expect(
      (
        await operator.post('/admin/ecoles', {
          commune: unsubscribed.slug,
          uai: uniqueUai(),
          nom: 'X',
          type: 'primaire',
        })
      ).headers.location,
    ).toBe('/admin/ecoles?erreur=commune');
    const uai = uniqueUai();
    const opened = await operator.post('/admin/ecoles', {
      commune: commune.slug,
      uai,
      nom: 'École des Tilleuls',
      type: 'primaire',
    });
    expect(opened.headers.location).toBe(`/admin/ecoles/${uai}`);
    expect(
      (await operator.post('/admin/ecoles', { commune: commune.slug, uai, nom: 'Doublon', type: 'primaire' })).headers
        .location,
    ).toBe('/admin/ecoles?erreur=pris');

    await operator.get(`/admin/ecoles/${uai}`);
    const created = await operator.post(`/admin/ecoles/${uai}/administrateurs`, {
      prenom: 'Nora',
      nom: 'Directrice',
      courriel: 'nora.directrice@ac-lyon.fr',
    });
    expect(created.headers.location).toBe(`/admin/ecoles/${uai}?fait=administrateur`);
    expect((await operator.get(`/admin/ecoles/${uai}`)).body).toContain('nora.directrice@ac-lyon.fr');
    const mail = await t.services.db
      .selectFrom('job')
      .select('payload')
      .where('name', '=', 'mail.send')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(mail.payload)).toContain(`/c/${commune.slug}/ecole/${uai}/gestion`);
    const audit = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('tenant_id', '=', commune.id)
      .where('action', 'like', 'school.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['school.opened', 'school.administrator_created']),
    );
  });

  it('closes a school: portals end at once, the directory is deleted three months later, statistics stay', async () => {
    const closing = await buildSchool(t.services, commune);
    const member = await buildSchoolMember(t.services, closing, 'teacher');
    const client = await t.signedIn(member.email, member.password, `/c/${commune.slug}`);
    expect((await client.get(`/c/${commune.slug}/ecole/${closing.uai}`)).statusCode).toBe(200);
    const operatorAccount = await buildOperator(t.services);
    const operator = await t.signedIn(operatorAccount.email, operatorAccount.password);
    await operator.get(`/admin/ecoles/${closing.uai}`);
    expect((await operator.post(`/admin/ecoles/${closing.uai}/fermeture`, {})).statusCode).toBe(303);
    expect((await client.get(`/c/${commune.slug}/ecole/${closing.uai}`)).statusCode).toBe(404);
    const row = await t.services.db
      .selectFrom('school')
      .selectAll()
      .where('id', '=', closing.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', closed_on: '2026-11-30', purge_after: '2027-02-28' });

    await runDailyJobsOn(t, '2027-02-28T06:00:00Z');
    expect(
      await t.services.db.selectFrom('school_person').select('id').where('id', '=', member.personId).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      (await t.services.db.selectFrom('school_usage').select('count').where('school_id', '=', closing.id).execute())
        .length,
    ).toBeGreaterThan(0);
    t.clock.set('2026-11-30T09:00:00Z');
  });

  it('merges a school into another of the commune: members and classes join it', async () => {
    const from = await buildSchool(t.services, commune);
    const into = await buildSchool(t.services, commune);
    const member = await buildSchoolMember(t.services, from, 'pupil');
    const operatorAccount = await buildOperator(t.services);
    const operator = await t.signedIn(operatorAccount.email, operatorAccount.password);
    await operator.get(`/admin/ecoles/${from.uai}`);
    expect((await operator.post(`/admin/ecoles/${from.uai}/fusion`, { vers: into.id })).statusCode).toBe(303);
    const client = await t.signedIn(member.email, member.password, `/c/${commune.slug}`);
    expect((await client.get(`/c/${commune.slug}/ecole/${from.uai}`)).statusCode).toBe(404);
    expect((await client.get(`/c/${commune.slug}/ecole/${into.uai}`)).body).toContain('<strong>Élève</strong>');
  });
});

describe('usage statistics (issue 21 §6)', () => {
  it('shows the commune its schools’ connections and service use per profile, as sums naming nobody', async () => {
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const page = await client.get(`/c/${commune.slug}/admin/ecoles/statistiques?jours=30`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<figcaption class="school-chart__title">Connexions par profil — ${school.name}`);
    expect(page.body).toContain('<rect class="school-chart__bar"');
    expect(page.body).toContain(school.name);
    expect(page.body).not.toContain('MARTIN');
    const citizen = await buildUser(t.services);
    const refused = await (
      await t.signedIn(citizen.email, citizen.password, `/c/${commune.slug}`)
    ).get(`/c/${commune.slug}/admin/ecoles/statistiques`);
    expect(refused.statusCode).toBe(404);
  });
});

describe('ways to the school workspace (issue 21 §4, §5)', () => {
  it('the site map, the commune administration and the operators’ home lead to it where it is offered', async () => {
    const sitemap = await t.client().get(`/c/${commune.slug}/plan-du-site`);
    expect(sitemap.body).toContain(`href="/c/${commune.slug}/ecole"`);
    const other = await buildCommune(t.services, { toodego: 'abonne' });
    expect((await t.client().get(`/c/${other.slug}/plan-du-site`)).body).not.toContain('/ecole"');

    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const home = await (
      await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`)
    ).get(`/c/${commune.slug}/admin`);
    expect(home.body).toContain(`href="/c/${commune.slug}/ecole"`);
    expect(home.body).toContain(`href="/c/${commune.slug}/admin/ecoles/statistiques"`);
    const otherAdmin = await buildUser(t.services, { grants: [{ tenant: other, role: 'admin' }] });
    const otherHome = await (
      await t.signedIn(otherAdmin.email, otherAdmin.password, `/c/${other.slug}`)
    ).get(`/c/${other.slug}/admin`);
    expect(otherHome.statusCode).toBe(200);
    expect(otherHome.body).not.toContain('/ecole"');

    const operatorAccount = await buildOperator(t.services);
    const operator = await t.signedIn(operatorAccount.email, operatorAccount.password);
    expect((await operator.get('/admin')).body).toContain('href="/admin/ecoles"');
  });
});
