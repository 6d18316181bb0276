import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildProcessingWorld,
  cloneRequests,
  type ProcessingWorld,
  submitTestRequest,
  useWorkflow,
} from '../../../test/backoffice-factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { DAY } from '../../platform/clock.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { loadFormVersion } from '../forms/index.ts';
import { submitValidRequest } from '../requests/index.ts';

let t: TestContext;
let a: ProcessingWorld;
let b: ProcessingWorld;
let agentA: TestClient;
let agentA2: TestClient;
let agentB: TestClient;
const base = () => `/c/${a.commune.slug}/gru`;

/** The request numbers the page lists, in order. */
const numbers = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="[^"]+\/gru\/demandes\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);

beforeAll(async () => {
  t = await createTestContext();
  a = await buildProcessingWorld(t.services);
  b = await buildProcessingWorld(t.services);
});
afterAll(async () => t?.close());

describe('the agent inbox (T9, issue 5 §2)', () => {
  let lamp: Awaited<ReturnType<typeof submitTestRequest>>;
  let pavement: Awaited<ReturnType<typeof submitTestRequest>>;
  let other: Awaited<ReturnType<typeof submitTestRequest>>;

  beforeAll(async () => {
    lamp = await submitTestRequest(t.services, a, { objet: 'Lampadaire éteint place Jean-Jaurès' });
    t.clock.advance(2 * DAY);
    pavement = await submitTestRequest(t.services, a, { objet: 'Trottoir défoncé rue Émile-Zola' });
    other = await submitTestRequest(t.services, b, { objet: 'Lampadaire éteint ailleurs' });
    // Sessions started after the clock moved.
    agentA = await t.signedIn(a.agentA.email, a.agentA.password);
    agentA2 = await t.signedIn(a.agentB.email, a.agentB.password);
    agentB = await t.signedIn(b.agentA.email, b.agentA.password);
  });

  it('lists the requests of the agent’s tenant, newest first, and never another tenant’s (P6)', async () => {
    const page = await agentA.get(`${base()}/demandes`);
    expect(page.statusCode).toBe(200);
    expect(numbers(page.body)).toEqual([pavement.number, lamp.number]);
    expect(page.body).toContain('2 demandes');
    // Searching another tenant's number finds nothing; their inbox lists only theirs.
    expect(numbers((await agentA.get(`${base()}/demandes?q=${encodeURIComponent(other.number)}`)).body)).toEqual([]);
    expect(numbers((await agentB.get(`/c/${b.commune.slug}/gru/demandes`)).body)).toEqual([other.number]);
    expect(numbers((await agentB.get(`/c/${b.commune.slug}/gru/demandes?q=lampadaire`)).body)).toEqual([other.number]);
  });

  it('filters on free text without accents or case, status, service, dates, assignment and commune, and sorts', async () => {
    const list = async (query: string) => numbers((await agentA.get(`${base()}/demandes?${query}`)).body);
    expect(await list('q=EMILE zola')).toEqual([pavement.number]);
    expect(await list(`q=${encodeURIComponent(lamp.tracking_code)}`)).toEqual([lamp.number]);
    expect(await list(`q=${encodeURIComponent(lamp.number.toLowerCase())}`)).toEqual([lamp.number]);
    expect(await list(`service=${a.service.eservice.id}&tri=anciennes`)).toEqual([lamp.number, pavement.number]);
    const day = (at: Date) => at.toISOString().slice(0, 10);
    expect(await list(`du=${day(pavement.submitted_at)}`)).toEqual([pavement.number]);
    expect(await list(`au=${day(lamp.submitted_at)}`)).toEqual([lamp.number]);

    expect((await agentA.post(`${base()}/demandes/${lamp.id}/prendre`, { version: '1' })).statusCode).toBe(303);
    expect(await list('attribution=moi')).toEqual([lamp.number]);
    expect(await list('attribution=personne')).toEqual([pavement.number]);
    expect(numbers((await agentA2.get(`${base()}/demandes?attribution=autres`)).body)).toEqual([lamp.number]);
    expect(await list('statut=recue')).toEqual([pavement.number, lamp.number]);
    expect(await list('statut=acceptee')).toEqual([]);

    // A request located in a commune (routing sets it from the map point or the address).
    await sql`UPDATE request SET commune_insee = '69091' WHERE id = ${pavement.id}`.execute(t.services.db);
    expect(await list('commune=69091')).toEqual([pavement.number]);
    expect((await agentA.get(`${base()}/demandes`)).body).toContain('Givors');
  });

  it('redraws the filters with a clear error for a bad value, and still lists', async () => {
    const page = await agentA.get(`${base()}/demandes?du=2026-13-45&q=place+jean`);
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Le formulaire contient une erreur');
    expect(page.body).toContain('Déposée à partir du : Date invalide');
    expect(numbers(page.body)).toEqual([lamp.number]);
  });

  it('offers the statuses of the workflows the tenant may use in the status filter, by their French label', async () => {
    const html = (await agentA.get(`${base()}/demandes`)).body;
    const select = /<select[^>]*name="statut"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    expect(select).toContain('<option value="en-cours">En cours de traitement</option>');
    expect(select).toContain('<option value="attente-usager">');
  });

  it('refuses a day that does not exist like any bad date, rather than failing', async () => {
    const page = await agentA.get(`${base()}/demandes?du=2026-02-31&au=0000-01-01`);
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Déposée à partir du : Date invalide');
    expect(page.body).toContain('Jusqu’au : Date invalide');
  });

  it('pages through long lists', async () => {
    await cloneRequests(t.services, pavement.id, 55);
    const first = await agentA.get(`${base()}/demandes`);
    expect(first.body).toContain('57 demandes — de 1 à 50');
    expect(numbers(first.body)).toHaveLength(50);
    expect(first.body).toContain('Page suivante');
    const second = await agentA.get(`${base()}/demandes?page=2`);
    expect(numbers(second.body)).toHaveLength(7);
    expect(second.body).toContain('Page précédente');
    expect(second.body).not.toContain('Page suivante');
  });

  it('saves views, shares them with colleagues, and lets only their owner delete them', async () => {
    const saved = await agentA.post(`${base()}/vues`, {
      nom: 'Mes lampadaires',
      partagee: 'oui',
      filtres: 'attribution=moi&q=lampadaire',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${base()}/demandes?attribution=moi&q=lampadaire`);
    const mine = await agentA.get(`${base()}/demandes`);
    expect(mine.body).toContain('>Mes lampadaires</a>');
    const colleague = await agentA2.get(`${base()}/demandes`);
    expect(colleague.body).toContain('Mes lampadaires');
    expect(colleague.body).toContain('d’un collègue');
    const viewId = /\/gru\/vues\/([0-9a-f-]{36})\/supprimer/.exec(mine.body)?.[1];
    expect(viewId).toBeDefined();
    expect((await agentA2.post(`${base()}/vues/${viewId}/supprimer`, {})).statusCode).toBe(404);
    const noName = await agentA.post(`${base()}/vues`, { nom: ' ', filtres: '' });
    expect(noName.statusCode).toBe(422);
    expect(noName.body).toContain('Donnez un nom à la vue');
    expect((await agentA.post(`${base()}/vues/${viewId}/supprimer`, {})).statusCode).toBe(303);
    expect((await agentA.get(`${base()}/demandes`)).body).not.toContain('Mes lampadaires');
  });

  it('acts on a selection, one request at a time, reporting those that changed (issue 5 §5)', async () => {
    const one = await submitTestRequest(t.services, a, { objet: 'Banc cassé' });
    const two = await submitTestRequest(t.services, a, { objet: 'Banc tagué' });
    // The second changed after the agent loaded the page.
    await agentA2.post(`${base()}/demandes/${two.id}/prendre`, { version: '1' });
    const result = await agentA.post(`${base()}/selection`, {
      demandes: [`${one.id}:1`, `${two.id}:1`],
      action: 'moi',
      filtres: 'q=banc',
    });
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('1 demande traitée, 1 non traitée.');
    expect(result.body).toContain(`n° ${two.number} : modifiée entre-temps, rien n’a été fait`);
    expect(numbers(result.body).sort()).toEqual([one.number, two.number].sort());

    // A transition the workflow allows on a selection; the others are refused one by one.
    await agentA.post(`${base()}/demandes/${one.id}/transitions`, { vers: 'en-cours', version: '2' });
    const closing = await agentA.post(`${base()}/selection`, {
      demandes: [`${one.id}:3`, `${lamp.id}:2`],
      action: 'vers:acceptee',
      filtres: '',
    });
    expect(closing.body).toContain('1 demande traitée, 1 non traitée.');
    expect(closing.body).toContain(`n° ${lamp.number} : impossible en lot au statut « Reçue »`);
    // Another tenant's request in a selection does not exist here.
    const foreign = await agentB.post(`/c/${b.commune.slug}/gru/selection`, {
      demandes: `${one.id}:4`,
      action: 'liberer',
      filtres: '',
    });
    expect(foreign.body).toContain('n° ? : introuvable');
  });
});

describe('queues of a role (assign action "role")', () => {
  it('lists for its role the requests a workflow gave to it, until someone takes them', async () => {
    const c = await buildProcessingWorld(t.services);
    await useWorkflow(t.services, c, 'file-admin', {
      label: 'File des administrateurs',
      initial: 'recue',
      statuses: [
        {
          key: 'recue',
          label: 'Reçue',
          citizenLabel: 'Reçue',
          visibleToCitizen: true,
          onEnter: [{ type: 'assign', to: 'role', role: 'admin' }],
        },
        { key: 'close', label: 'Close', citizenLabel: 'Close', visibleToCitizen: true, final: true },
      ],
      transitions: [{ from: 'recue', to: 'close', label: 'Clore' }],
    });
    const queued = await submitTestRequest(t.services, c);
    const admin = await t.signedIn(c.admin.email, c.admin.password);
    const agent = await t.signedIn(c.agentA.email, c.agentA.password);
    const mine = `/c/${c.commune.slug}/gru/demandes?attribution=mes-roles`;
    expect(numbers((await admin.get(mine)).body)).toEqual([queued.number]);
    expect(numbers((await agent.get(mine)).body)).toEqual([]);
    expect((await admin.get(`/c/${c.commune.slug}/gru/demandes/${queued.id}`)).body).toContain(
      'Confiée aux administrateurs ; personne ne la traite encore.',
    );
    // Version 2: giving it to the role at submission was a change.
    expect(
      (await admin.post(`/c/${c.commune.slug}/gru/demandes/${queued.id}/prendre`, { version: '2' })).statusCode,
    ).toBe(303);
    expect(numbers((await admin.get(mine)).body)).toEqual([]);
  });
});

describe('free-text search past row-level security (communs_request_search)', () => {
  it('answers only in the caller’s own tenant, and still finds requests when a word is everywhere', async () => {
    const d = await buildProcessingWorld(t.services);
    const first = await submitTestRequest(t.services, d, { objet: 'Encombrants rue Pasteur' });
    const foreign = await withTenant(t.services.db, b.commune.id, (trx) =>
      sql<{ id: string }>`SELECT communs_request_search(${d.commune.id}, ARRAY['%'], 10) AS id`.execute(trx),
    );
    expect(foreign.rows).toEqual([]);
    const own = await withTenant(t.services.db, d.commune.id, (trx) =>
      sql<{ id: string }>`SELECT communs_request_search(${d.commune.id}, ARRAY['%pasteur%'], 10) AS id`.execute(trx),
    );
    expect(own.rows.map((r) => r.id)).toEqual([first.id]);
    // More matches than the index path takes: the search filters the tenant's requests instead, with the same result.
    await cloneRequests(t.services, first.id, 5_001);
    const agent = await t.signedIn(d.agentA.email, d.agentA.password);
    const page = await agent.get(`/c/${d.commune.slug}/gru/demandes?q=encombrants`);
    expect(page.body).toMatch(/5\s002 demandes/);
    expect(
      (await agent.get(`/c/${d.commune.slug}/gru/demandes?q=encombrants+${encodeURIComponent(first.number.slice(-6))}`))
        .body,
    ).toContain(first.number);
  });
});

describe('search entries written after the submission (issue 4 speed, migration 0401)', () => {
  it('finds a request by a word of its answers once the job following its submission has run; its number at once', async () => {
    const d = await buildProcessingWorld(t.services);
    const agent = await t.signedIn(d.agentA.email, d.agentA.password);
    const form = await loadFormVersion(t.services.db, d.service.formVersionId);
    const { request } = await submitValidRequest(t.services, {
      eservice: d.service.eservice,
      provider: d.commune,
      form,
      answers: { objet: 'Haie débordante impasse des Tilleuls' },
      citizen: { userId: d.citizen.id, email: d.citizen.email, displayName: d.citizen.display_name, via: 'session' },
      contact: { email: d.citizen.email, sms: null },
      idempotency: { key: 'recherche-apres-depot', fingerprint: 'r' },
    });
    const list = async (q: string) =>
      numbers((await agent.get(`/c/${d.commune.slug}/gru/demandes?q=${encodeURIComponent(q)}`)).body);
    expect(await list(request.number)).toEqual([request.number]);
    expect(await list('tilleuls')).toEqual([]);
    await t.worker.drain();
    expect(await list('TILLEULS debordante')).toEqual([request.number]);
  });
});
