import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentActor,
  buildProcessingWorld,
  SIMPLE_FORM,
  submitTestRequest,
} from '../../../test/backoffice-factories.ts';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { buildEService } from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import { setSubscription } from '../../platform/tenancy/tenancy.repo.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { EServiceRow } from '../catalogue/index.ts';
import { curateTurnkey, instantiateTurnkey, publishEService } from '../catalogue/index.ts';
import { loadFormVersion } from '../forms/index.ts';
import { performTransition, submitValidRequest } from '../requests/index.ts';

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

const OFFICE = { name: 'Direction de la population', email: 'population@grandlyon.example', phone: '04 78 63 40 40' };

/** A citizen's request on a commune's service, as the public form submits it. */
async function submitOn(commune: ResolvedTenant, eservice: EServiceRow, answers: { objet: string; lieu?: string }) {
  const form = await loadFormVersion(t.services.db, eservice.published_form_version_id!);
  const { request } = await submitValidRequest(t.services, {
    eservice,
    provider: commune,
    form,
    answers,
    citizen: null,
    contact: { email: 'usager@example.org', sms: null },
    idempotency: { key: `transfert-${answers.objet}`, fingerprint: 'x' },
  });
  return request;
}

const eserviceOf = (id: string) =>
  t.services.db.selectFrom('eservice').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('an Abonné commune becoming Partenaire keeps its turnkey services (T14)', () => {
  it("turns each instance into the commune's own editable service, whose requests keep working", async () => {
    const metropole = (await t.services.tenants.bySlug('metropole'))!;
    const model = await buildEService(t.services, metropole, {
      form: SIMPLE_FORM,
      settings: { office: OFFICE, legal: { kind: 'signalement' } },
      title: 'Signalement modèle',
    });
    expect(
      await curateTurnkey(t.services, {
        metropoleId: metropole.id,
        actor: SYSTEM_ACTOR,
        eserviceId: model.eservice.id,
        turnkey: true,
      }),
    ).toEqual({ ok: true });
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const picked = await instantiateTurnkey(t.services, {
      commune,
      actor: SYSTEM_ACTOR,
      modelId: model.eservice.id,
      office: { name: 'Mairie — accueil', email: 'accueil@mairie.example', phone: '04 72 00 00 00' },
    });
    if (!picked.ok) throw new Error(picked.message);
    const before = await submitOn(commune, picked.eservice, { objet: 'Banc cassé' });

    // The metropolis executes the transfer from the commune's exit page.
    const operator = await buildOperator(t.services);
    const asOperator = await t.signedIn(operator.email, operator.password);
    const base = `/c/${commune.slug}/admin/sortie`;
    expect((await asOperator.get(base)).body).toContain('Transférer les démarches à la commune');
    const transferred = await asOperator.submit(base, `${base}/transfert`, {});
    expect(transferred.statusCode).toBe(303);
    expect((await asOperator.get(transferred.headers.location as string)).body).toContain(
      'Les démarches clé-en-main sont devenues des démarches de la commune, modifiables.',
    );
    const detached = await eserviceOf(picked.eservice.id);
    expect(detached.model_eservice_id).toBeNull();
    expect(detached.published_form_version_id).toBe(picked.eservice.published_form_version_id);
    const audit = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('tenant_id', '=', commune.id)
      .where('action', '=', 'eservice.turnkey.detach')
      .execute();
    expect(audit).toHaveLength(1);

    // Now Partenaire, the commune edits the service as its own: a new form, published under its name.
    await setSubscription(t.services.db, {
      tenantId: commune.id,
      service: 'toodego',
      offer: 'partenaire',
      since: null,
      at: t.clock.now(),
    });
    t.services.tenants.invalidate();
    const partner = (await t.services.tenants.bySlug(commune.slug))!;
    await publishEService(t.services, {
      provider: partner,
      actor: SYSTEM_ACTOR,
      slug: detached.slug,
      title: 'Signaler un banc abîmé',
      summary: 'Le service de la commune.',
      description: 'Repris de la Métropole, modifié par la commune.',
      themes: ['Tests'],
      keywords: [],
      access: 'anonymous',
      settings: {
        office: { name: 'Mairie — voirie', email: 'voirie@mairie.example', phone: '04 72 00 00 01' },
        legal: { kind: 'signalement' },
      },
      form: { ...SIMPLE_FORM, fields: [...SIMPLE_FORM.fields, { type: 'text', key: 'lieu', label: 'Lieu' }] },
    });
    const edited = await eserviceOf(picked.eservice.id);
    expect(edited.title).toBe('Signaler un banc abîmé');
    expect(edited.published_form_version_id).not.toBe(picked.eservice.published_form_version_id);
    const page = await t.client().get(`/c/${commune.slug}/demarches/${edited.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Signaler un banc abîmé</h1>');

    // The metropolis publishing its model no longer reaches the commune's service.
    await publishEService(t.services, {
      provider: metropole,
      actor: SYSTEM_ACTOR,
      slug: model.slug,
      title: 'Signalement modèle (version 2)',
      summary: 'Un service de test.',
      description: 'Un service créé par un test.',
      themes: ['Tests'],
      keywords: [],
      access: 'anonymous',
      settings: { office: OFFICE, legal: { kind: 'signalement' } },
      form: SIMPLE_FORM,
    });
    expect((await eserviceOf(picked.eservice.id)).title).toBe('Signaler un banc abîmé');

    // The request made before the transfer stays on its version and is still processed by the commune's agents;
    // a new one is made on the commune's new form.
    const agent = await buildUser(t.services, { grants: [{ tenant: partner, role: 'agent' }] });
    const step = await performTransition(t.services, {
      holder: partner,
      requestId: before.id,
      expectedVersion: null,
      actor: agentActor(agent),
      to: 'en-cours',
      raw: {},
    });
    expect(step.ok).toBe(true);
    const kept = await t.services.db
      .selectFrom('request')
      .select(['form_version_id', 'status'])
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ form_version_id: picked.eservice.published_form_version_id, status: 'en-cours' });
    // The new form is in force: its new field is asked.
    const after = await submitOn(partner, edited, { objet: 'Banc repeint', lieu: 'Square Jean-Moulin' });
    expect(after.form_version_id).toBe(edited.published_form_version_id);
    const asAgent = await t.signedIn(agent.email, agent.password, `/c/${commune.slug}`);
    const inbox = await asAgent.get(`/c/${commune.slug}/gru/demandes`);
    expect(inbox.body).toContain(before.number);
    expect(inbox.body).toContain(after.number);
  });
});
