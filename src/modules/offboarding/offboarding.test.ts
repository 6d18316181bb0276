import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import { buildOperator } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const PHOTO = Buffer.from('une photo du lampadaire');

describe("a commune's exit, carried out (T14)", () => {
  it('builds the archive in a job with its progress, and its content is checked file by file', async () => {
    const world = await buildProcessingWorld(t.services);
    const first = await submitTestRequest(t.services, world, { objet: 'Lampadaire éteint' });
    await submitTestRequest(t.services, world, { objet: 'Trottoir abîmé' });
    const stored = await t.services.files.put(PHOTO);
    const file = await insertStoredFile(t.services.db, {
      tenantId: world.commune.id,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mediaType: 'image/jpeg',
      originalName: 'photo.jpg',
      createdBy: null,
      at: t.clock.now(),
    });
    await t.services.db
      .insertInto('request_attachment')
      .values({
        tenant_id: world.commune.id,
        request_id: first.id,
        message_id: null,
        field_key: 'photo',
        stored_file_id: file.id,
        created_at: t.clock.now(),
      })
      .execute();
    const admin = await t.signedIn(world.admin.email, world.admin.password, `/c/${world.commune.slug}`);
    const base = `/c/${world.commune.slug}/admin/sortie`;
    const started = await admin.submit(base, `${base}/archives`, {});
    expect(started.statusCode).toBe(303);
    const progressUrl = started.headers.location as string;
    const waiting = await admin.get(progressUrl);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.headers.refresh).toBe('3');
    expect(waiting.body).toContain('<progress id="progression-archive"');
    await t.worker.drain();
    const ready = await admin.get(progressUrl);
    expect(ready.headers.refresh).toBeUndefined();
    expect(ready.body).toContain('Prête : 2 demandes.');
    const zip = await admin.get(`${progressUrl}/fichier`);
    expect(zip.headers['content-type']).toContain('application/zip');
    const entries = unzipSync(new Uint8Array(zip.rawPayload));
    expect(Object.keys(entries).sort()).toEqual(
      [
        'LISEZMOI.txt',
        'demandes.csv',
        'demandes.json',
        'demarches.json',
        'fichiers.csv',
        `fichiers/demandes/${first.number}/photo.jpg`,
        'historique.csv',
      ].sort(),
    );
    const requests = JSON.parse(strFromU8(entries['demandes.json']!)) as {
      demandes: Array<{
        numero: string;
        reponses: Record<string, string>;
        historique: unknown[];
        fichiers: Array<{ chemin: string }>;
      }>;
    };
    const archived = requests.demandes.find((d) => d.numero === first.number)!;
    expect(archived.reponses.objet).toBe('Lampadaire éteint');
    expect(archived.historique.length).toBeGreaterThan(0);
    expect(archived.fichiers[0]?.chemin).toBe(`fichiers/demandes/${first.number}/photo.jpg`);
    expect(Buffer.from(entries[`fichiers/demandes/${first.number}/photo.jpg`]!).equals(PHOTO)).toBe(true);
    const csv = strFromU8(entries['demandes.csv']!);
    expect(csv.split('\r\n')[0]).toContain('Numéro,Démarche,Statut');
    expect(csv).toContain(first.number);
    expect(strFromU8(entries['historique.csv']!)).toContain(first.number);
    expect(strFromU8(entries['fichiers.csv']!)).toContain('photo.jpg');
    const definitions = JSON.parse(strFromU8(entries['demarches.json']!)) as {
      demarches: Array<{
        adresse: string;
        formulaire: { definition: { fields: Array<{ key: string }> } };
        circuit: unknown;
      }>;
    };
    const service = definitions.demarches.find((d) => d.adresse === world.service.slug)!;
    expect(service.formulaire.definition.fields.map((f) => f.key)).toEqual(['objet', 'details']);
    expect(service.circuit).toBeTruthy();
  });

  it('lists pending requests and refuses to take the services offline until none is left', async () => {
    const world = await buildProcessingWorld(t.services);
    const pending = await submitTestRequest(t.services, world);
    const operator = await buildOperator(t.services);
    const client = await t.signedIn(operator.email, operator.password);
    const base = `/c/${world.commune.slug}/admin/sortie`;
    const page = await client.get(base);
    expect(page.body).toContain('1 demande en cours');
    expect(page.body).toContain(pending.number);
    const refused = await client.submit(base, `${base}/hors-ligne`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('1 demande est encore en cours');
    await t.services.db.updateTable('request').set({ closed_at: t.clock.now() }).where('id', '=', pending.id).execute();
    const done = await client.submit(base, `${base}/hors-ligne`, {});
    expect(done.statusCode).toBe(303);
    const eservice = await t.services.db
      .selectFrom('eservice')
      .select('status')
      .where('id', '=', world.service.eservice.id)
      .executeTakeFirstOrThrow();
    expect(eservice.status).toBe('closed');
    // The commune's administrator cannot do the metropolis's act.
    const admin = await t.signedIn(world.admin.email, world.admin.password, `/c/${world.commune.slug}`);
    expect((await admin.submit(base, `${base}/hors-ligne`, {})).statusCode).toBe(404);
  });
});
