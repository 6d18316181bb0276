import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaForm } from '../../../test/appointments-factories.ts';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const office = { bureau: 'Accueil de la mairie', courriel: 'accueil@mairie.example.org', telephone: '04 72 00 00 00' };

async function adminOf(commune: ResolvedTenant): Promise<TestClient> {
  const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
  return t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
}

/** Creates a service through the studio's form; returns its editor's path. */
async function createService(client: TestClient, base: string, slug: string): Promise<string> {
  const response = await client.submit(`${base}/admin/studio`, `${base}/admin/studio`, {
    titre: 'Demander une carte d’identité',
    adresse: slug,
    ...office,
  });
  expect(response.statusCode).toBe(303);
  return String(response.headers.location).split('?')[0] ?? '';
}

/** An agenda opened on weekday mornings with one meeting type, as an administrator sets it up in Rendez-vous. */
async function openAgenda(client: TestClient, base: string, name: string, typeName: string) {
  const created = await client.submit(
    `${base}/admin/rendez-vous/nouveau`,
    `${base}/admin/rendez-vous/nouveau`,
    agendaForm({ name }),
  );
  expect(created.statusCode).toBe(303);
  const agendaId = /rendez-vous\/([0-9a-f-]{36})/.exec(String(created.headers.location))?.[1] ?? '';
  const page = `${base}/admin/rendez-vous/${agendaId}`;
  expect((await client.submit(page, `${page}/motifs`, { typeName, durationMinutes: '30' })).statusCode).toBe(303);
  const hours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [`jour${d}`, '09:00-12:00']));
  expect((await client.submit(page, `${page}/horaires`, hours)).statusCode).toBe(303);
  const type = await t.services.db
    .selectFrom('meeting_type')
    .select('id')
    .where('agenda_id', '=', agendaId)
    .executeTakeFirstOrThrow();
  return { agendaId, meetingTypeId: type.id };
}

describe('studio: an appointment field in the form builder (issue 14 §1)', () => {
  it('adds « Rendez-vous », books one of the administration’s agendas, shows it in the preview and refuses a forged agenda', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const base = `/c/${commune.slug}`;
    await openAgenda(client, base, 'Passeports', 'Retrait');
    const identity = await openAgenda(client, base, 'Titres d’identité', 'Dépôt');
    // Another commune's agenda is not this administration's to book.
    const neighbour = await buildCommune(t.services, { toodego: 'partenaire' });
    const theirs = await openAgenda(await adminOf(neighbour), `/c/${neighbour.slug}`, 'Agenda voisin', 'Voisin');

    const editor = await createService(client, base, 'carte-identite');
    expect((await client.get(editor)).body).toContain('<option value="appointment">Rendez-vous</option>');
    const added = await client.submit(editor, `${editor}/champs`, { operation: 'ajouter', type: 'appointment' });
    expect(added.statusCode).toBe(303);
    const fieldPage = String(added.headers.location);
    expect(fieldPage).toBe(`${editor}/champs/champ_1`);
    const page = (await client.get(fieldPage)).body;
    expect(page).toContain('Agenda — motif');
    expect(page).toContain('Passeports — Retrait');
    expect(page).toContain('Titres d’identité — Dépôt');
    expect(page).not.toContain('Agenda voisin');

    const saved = await client.submit(fieldPage, fieldPage, {
      cle: 'rendez_vous',
      libelle: 'Votre rendez-vous au guichet',
      aide: 'Venez avec votre ancienne carte.',
      obligatoire: 'oui',
      rendez_vous: `${identity.agendaId}/${identity.meetingTypeId}`,
    });
    expect(saved.statusCode).toBe(303);
    const editorPage = (await client.get(editor)).body;
    expect(editorPage).toContain('Votre rendez-vous au guichet');

    // The preview draws the field as citizens get it: the agenda's meeting type, its days and times.
    const preview = (await client.get(`${editor}/apercu`)).body;
    expect(preview).toContain('Votre rendez-vous au guichet');
    expect(preview).toContain('Dépôt (30 min) — État civil, Mairie.');
    expect(preview).toContain('Choisissez un jour, puis un horaire');
    expect(preview).not.toContain('ne sont pas proposés');

    for (const forged of [
      `${randomUUID()}/${identity.meetingTypeId}`,
      `${theirs.agendaId}/${theirs.meetingTypeId}`,
      `${identity.agendaId}/${theirs.meetingTypeId}`,
    ]) {
      const refused = await client.submit(`${editor}/champs/rendez_vous`, `${editor}/champs/rendez_vous`, {
        cle: 'rendez_vous',
        libelle: 'Votre rendez-vous au guichet',
        obligatoire: 'oui',
        rendez_vous: forged,
      });
      expect(refused.statusCode, forged).toBe(422);
      expect(refused.body).toContain(
        'Choisissez dans la liste un agenda et un motif de rendez-vous de votre administration.',
      );
      expect(refused.body).toContain('href="#champ-rendez_vous"');
    }
    // The field still books what was saved, and the service publishes with it.
    const still = (await client.get(`${editor}/champs/rendez_vous`)).body;
    expect(still).toMatch(
      new RegExp(
        `<option value="${identity.agendaId}/${identity.meetingTypeId}" selected[^>]*>Titres d’identité — Dépôt`,
      ),
    );
    expect((await client.submit(editor, `${editor}/publier`, {})).statusCode).toBe(303);
  });

  it('says in the editor that the administration has no agenda yet, with a link to create one, and does not publish the field', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const base = `/c/${commune.slug}`;
    const editor = await createService(client, base, 'sans-agenda');
    const added = await client.submit(editor, `${editor}/champs`, { operation: 'ajouter', type: 'appointment' });
    expect(added.statusCode).toBe(303);
    const fieldPage = String(added.headers.location);
    const page = (await client.get(fieldPage)).body;
    expect(page).toContain('n’a encore aucun agenda de rendez-vous ouvert');
    expect(page).toContain(`href="${base}/admin/rendez-vous"`);
    expect(page).not.toContain('name="rendez_vous"');
    const refused = await client.submit(fieldPage, fieldPage, {
      cle: 'champ_1',
      libelle: 'Rendez-vous',
      obligatoire: 'oui',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('aucun agenda de rendez-vous ouvert : créez-en un');
    // Nor is the service published with a field that books nothing.
    const publication = await client.submit(editor, `${editor}/publier`, {});
    expect(publication.statusCode).toBe(422);
    expect(publication.body).toContain('formulaire › champ « champ_1 » : l’agenda et le motif de rendez-vous choisis');
  });
});
