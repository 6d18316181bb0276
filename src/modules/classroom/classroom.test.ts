import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClass, buildClassScene } from '../../../test/classroom-factories.ts';
import { buildUser } from '../../../test/factories.ts';
import { buildSchool, buildSchoolCommune, buildSchoolMember } from '../../../test/school-factories.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

let t: TestContext;
let smtp: SmtpCatcher;
let commune: ResolvedTenant;
let scene: Awaited<ReturnType<typeof buildClassScene>>;
let teacher: TestClient;
let base: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  commune = await buildSchoolCommune(t.services);
  scene = await buildClassScene(t.services, commune);
  base = `/c/${commune.slug}/ecole/${scene.school.uai}`;
  teacher = await t.signedIn(scene.teacher.email, scene.teacher.password, `/c/${commune.slug}`);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const classPath = () => `${base}/classes/${scene.groupId}`;
const signedIn = (who: { email: string; password: string }) =>
  t.signedIn(who.email, who.password, `/c/${commune.slug}`);
const session = (fields: Record<string, string>) =>
  teacher.submit(classPath(), `${classPath()}/seances`, {
    'jour.jour': '30',
    'jour.mois': '11',
    'jour.annee': '2026',
    heure: '8h30',
    matiere: 'Français',
    contenu: 'Lecture du chapitre 1.',
    ...fields,
  });
const sessionId = async (subject: string) =>
  (
    await t.services.db
      .selectFrom('classroom_session')
      .select('id')
      .where('group_id', '=', scene.groupId)
      .where('subject', '=', subject)
      .executeTakeFirstOrThrow()
  ).id;
async function runJobs() {
  await t.worker.drain();
}

describe('the homework log (issue 22 §4)', () => {
  it('lets the class teacher write sessions with homework, published or not', async () => {
    const published = await session({
      devoirs: 'Relire le chapitre 2.',
      'pour_le.jour': '2',
      'pour_le.mois': '12',
      'pour_le.annee': '2026',
      publier: 'oui',
    });
    expect(published.statusCode, published.body.slice(0, 300)).toBe(303);
    expect(await session({ matiere: 'Brouillon', contenu: 'Pas encore prêt.' })).toMatchObject({ statusCode: 303 });
    const page = await teacher.get(classPath());
    expect(page.body).toContain('Travail à faire pour le 2 décembre 2026');
    expect(page.body).toContain('Non publiée');
    expect(page.body).toContain('08 h 30');
  });

  it('refuses an incomplete session with a French message naming the field', async () => {
    const noDate = await session({ devoirs: 'Exercice 3' });
    expect(noDate.statusCode).toBe(422);
    expect(noDate.body).toContain('Indiquez pour quand le travail est à faire.');
    // The form is redrawn with what was typed, its title saying there is an error.
    expect(noDate.body).toContain('<title>Erreur – ');
    expect(noDate.body).toContain('Exercice 3</textarea>');
    const badHour = await session({ heure: '25:00' });
    expect(badHour.statusCode).toBe(422);
    expect(badHour.body).toContain("Saisissez l'heure de début, par exemple 08:30.");
    const before = await session({
      devoirs: 'X',
      'pour_le.jour': '1',
      'pour_le.mois': '11',
      'pour_le.annee': '2026',
    });
    expect(before.body).toContain('Le travail ne peut pas être à faire avant la séance.');
  });

  it('shows pupils and parents the published sessions only, and lets them write nothing', async () => {
    for (const who of [scene.leaAccount, scene.parentOfLea]) {
      const client = await signedIn(who);
      const page = await client.get(classPath());
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Relire le chapitre 2.');
      expect(page.body).not.toContain('Pas encore prêt.');
      expect(page.body).not.toContain('Ajouter une séance');
      const attempt = await client.submit(classPath(), `${classPath()}/seances`, {
        'jour.jour': '30',
        'jour.mois': '11',
        'jour.annee': '2026',
        heure: '09:00',
        matiere: 'X',
        contenu: 'Y',
      });
      expect(attempt.statusCode).toBe(404);
    }
    const list = await (await signedIn(scene.parentOfLea)).get(`${base}/classes`);
    expect(list.body).toContain('CM1 A');
  });

  it('publishes a draft session on request', async () => {
    const id = await sessionId('Brouillon');
    const response = await teacher.submit(classPath(), `${classPath()}/seances/${id}/publication`, { publiee: 'oui' });
    expect(response.statusCode).toBe(303);
    const parent = await signedIn(scene.parentOfYanis);
    expect((await parent.get(classPath())).body).toContain('Pas encore prêt.');
  });
});

describe('the register and absences (issue 22 §5)', () => {
  it('records absences and lateness, and e-mails each child’s parents (through the mail queue)', async () => {
    const id = await sessionId('Français');
    const register = await teacher.get(`${classPath()}/seances/${id}/appel`);
    expect(register.statusCode).toBe(200);
    const response = await teacher.post(`${classPath()}/seances/${id}/appel`, {
      [`eleve_${scene.lea}`]: 'absent',
      [`eleve_${scene.yanis}`]: 'late',
      [`retard_${scene.yanis}`]: '12',
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    await runJobs();
    const mails = await smtp.waitFor(2);
    const to = (email: string) => mails.filter((m) => JSON.stringify(m.to).includes(email));
    expect(to(scene.parentOfLea.email)[0]?.subject).toContain('Absence de');
    expect(to(scene.parentOfLea.email)[0]?.text).toContain('absent(e) le 30 novembre 2026 à 08 h 30 (Français)');
    expect(to(scene.parentOfYanis.email)[0]?.subject).toContain('Retard de Yanis');
    expect(to(scene.parentOfYanis.email)[0]?.text).toContain('(12 min)');

    // Taking the register again without change sends nothing more; a correction back to present removes the mark.
    await teacher.post(`${classPath()}/seances/${id}/appel`, {
      [`eleve_${scene.lea}`]: 'absent',
      [`eleve_${scene.yanis}`]: 'present',
    });
    await runJobs();
    expect(smtp.messages).toHaveLength(2);
    await teacher.post(`${classPath()}/seances/${id}/appel`, {
      [`eleve_${scene.lea}`]: 'absent',
      [`eleve_${scene.yanis}`]: 'late',
      [`retard_${scene.yanis}`]: '5',
    });
    await runJobs();
    await smtp.waitFor(3);
  });

  it('refuses a pupil of another class and a nonsense lateness', async () => {
    const id = await sessionId('Français');
    const other = await buildSchoolMember(t.services, scene.school, 'pupil');
    const stranger = await teacher.post(`${classPath()}/seances/${id}/appel`, {
      [`eleve_${other.personId}`]: 'absent',
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.body).toContain("n'est pas de la classe");
    const minutes = await teacher.post(`${classPath()}/seances/${id}/appel`, {
      [`eleve_${scene.yanis}`]: 'late',
      [`retard_${scene.yanis}`]: 'dix',
    });
    expect(minutes.statusCode).toBe(422);
    expect(minutes.body).toContain('Saisissez le retard en minutes, en chiffres.');
  });

  it('shows parents their own children’s absences only', async () => {
    const ofLea = (await (await signedIn(scene.parentOfLea)).get(`${base}/absences`)).body;
    expect(ofLea).toContain('Absence');
    expect(ofLea).not.toContain('Retard (5 min)');
    const ofYanis = (await (await signedIn(scene.parentOfYanis)).get(`${base}/absences`)).body;
    expect(ofYanis).toContain('Retard (5 min)');
    expect(ofYanis).not.toContain('<td>Absence</td>');
    const export_ = await (await signedIn(scene.parentOfLea)).get(`${base}/absences/export?format=csv`);
    expect(export_.statusCode).toBe(404);
  });

  it('lets the life office record reasons and export the register as CSV and ODS', async () => {
    const staff = await signedIn(scene.staff);
    const mark = await t.services.db
      .selectFrom('classroom_mark')
      .select('id')
      .where('pupil_id', '=', scene.lea)
      .executeTakeFirstOrThrow();
    const saved = await staff.submit(`${base}/absences`, `${base}/absences/${mark.id}/motif`, {
      motif: 'Rendez-vous médical',
    });
    expect(saved.statusCode).toBe(303);
    const empty = await staff.submit(`${base}/absences`, `${base}/absences/${mark.id}/motif`, { motif: ' ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Saisissez le motif');
    // A teacher does not record reasons.
    expect(
      (await teacher.submit(`${base}/absences`, `${base}/absences/${mark.id}/motif`, { motif: 'X' })).statusCode,
    ).toBe(404);
    const csv = await staff.get(`${base}/absences/export?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Rendez-vous médical');
    expect(csv.body).toContain('Retard (5 min)');
    const ods = await staff.get(`${base}/absences/export?format=ods`);
    expect(ods.headers['content-type']).toContain('application/vnd.oasis.opendocument.spreadsheet');
  });
});

describe('class news and cultural projects (issue 22 §6)', () => {
  it('publishes a class news item for the class’s families', async () => {
    const response = await teacher.submit(classPath(), `${classPath()}/actualites`, {
      titre: 'Piscine',
      texte: 'Mardi matin.',
    });
    expect(response.statusCode).toBe(303);
    expect((await (await signedIn(scene.parentOfLea)).get(classPath())).body).toContain('Piscine');
  });

  it('shares a project between classes and an outside partner, and no one else', async () => {
    const other = await buildClass(t.services, scene.school, 'CM2 B');
    // A teacher brings only their own classes.
    const refused = await teacher.submit(`${base}/projets`, `${base}/projets`, {
      titre: 'Chanson',
      description: 'Écrire une chanson.',
      classes: [scene.groupId, other],
    });
    expect(refused.statusCode).toBe(404);
    const started = await teacher.submit(`${base}/projets`, `${base}/projets`, {
      titre: 'Chanson',
      description: 'Écrire une chanson.',
      classes: scene.groupId,
    });
    expect(started.statusCode).toBe(303);
    const projectPath = `/c/${commune.slug}${
      String(started.headers.location)
        .replace(/^\/c\/[^/]+/, '')
        .split('?')[0]
    }`;
    const partner = await buildUser(t.services);
    expect(
      (await teacher.submit(projectPath, `${projectPath}/partenaires`, { nom: 'Compagnie', courriel: partner.email }))
        .statusCode,
    ).toBe(303);
    const partnerClient = await signedIn(partner);
    expect((await partnerClient.get(`${base}/projets`)).body).toContain('Chanson');
    const posted = await partnerClient.submit(projectPath, `${projectPath}/publications`, {
      rubrique: 'instructions',
      titre: 'Étape 1',
      texte: 'Écoutez la ville.',
    });
    expect(posted.statusCode).toBe(303);
    const pupilView = await (await signedIn(scene.leaAccount)).get(projectPath);
    expect(pupilView.body).toContain('Écoutez la ville.');
    expect(pupilView.body).not.toContain('Ajouter un partenaire');
    const outsider = await buildUser(t.services);
    expect((await (await signedIn(outsider)).get(projectPath)).statusCode).toBe(404);
  });
});

describe('the portal and isolation (issue 22 §7)', () => {
  it('lets a school choose these services for its portal, its tiles leading to their pages', async () => {
    const admin = await buildSchoolMember(t.services, scene.school, 'school_admin');
    const client = await signedIn(admin);
    const added = await client.submit(`${base}/gestion`, `${base}/gestion/tuiles`, {
      titre: 'Cahier de textes',
      service: 'homework',
      adresse: '',
    });
    expect(added.statusCode, added.body.slice(0, 300)).toBe(303);
    const missing = await client.submit(`${base}/gestion`, `${base}/gestion/tuiles`, {
      titre: 'Cantine',
      service: 'link',
      adresse: '',
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain("Indiquez l'adresse du service.");
    const tile = await t.services.db
      .selectFrom('school_tile')
      .select('id')
      .where('school_id', '=', scene.school.id)
      .where('service', '=', 'homework')
      .executeTakeFirstOrThrow();
    const out = await (await signedIn(scene.parentOfLea)).get(`${base}/services/${tile.id}`);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe(`${base}/classes`);
  });

  it('keeps schools apart: another school’s member, or a class of another school, is 404', async () => {
    const otherSchool = await buildSchool(t.services, commune);
    const otherTeacher = await buildSchoolMember(t.services, otherSchool, 'teacher');
    const client = await signedIn(otherTeacher);
    expect((await client.get(classPath())).statusCode).toBe(404);
    expect((await client.get(`${base}/absences`)).statusCode).toBe(404);
    // The class's id under their own school's address is no way in either.
    expect((await client.get(`/c/${commune.slug}/ecole/${otherSchool.uai}/classes/${scene.groupId}`)).statusCode).toBe(
      404,
    );
    // And a teacher of the school who does not teach the class sees it not.
    const colleague = await buildSchoolMember(t.services, scene.school, 'teacher');
    expect((await (await signedIn(colleague)).get(classPath())).statusCode).toBe(404);
  });

  it('keeps communes apart: the same school address on another commune’s instance is 404', async () => {
    const otherCommune = await buildSchoolCommune(t.services);
    expect((await teacher.get(`/c/${otherCommune.slug}/ecole/${scene.school.uai}/classes`)).statusCode).toBe(404);
  });
});
