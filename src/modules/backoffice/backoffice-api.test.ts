import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { BACKOFFICE_SCOPE } from './backoffice-access.ts';

let t: TestContext;
let a: ProcessingWorld;
let b: ProcessingWorld;
let agent: TestClient;
let agentOfB: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  a = await buildProcessingWorld(t.services);
  b = await buildProcessingWorld(t.services);
  agent = t.client();
  await agent.login(a.agentA.email, a.agentA.password);
  agentOfB = t.client();
  await agentOfB.login(b.agentA.email, b.agentA.password);
});
afterAll(async () => t?.close());

const api = (world: ProcessingWorld, path: string) => `/c/${world.commune.slug}/api/gru${path}`;

async function call(
  client: TestClient | null,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await t.app.inject({
    method,
    url,
    headers: {
      // A session's calls come from the site's own pages (same origin).
      ...(client ? { cookie: client.cookieHeader, origin: t.services.config.publicUrl } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    json: response.body ? JSON.parse(response.body) : null,
  };
}

describe('the back-office JSON API for agents’ sessions (issue 5 §9)', () => {
  it('lists, reads, moves and writes, with the version check and problem+json refusals', async () => {
    const request = await submitTestRequest(t.services, a, { objet: 'Nid de poule avenue Foch' });
    const list = await call(agent, 'GET', api(a, '/requests?q=foch&state=open'));
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 50,
      hasMore: false,
      items: [
        {
          id: request.id,
          number: request.number,
          status: { key: 'recue', label: 'Reçue', citizenLabel: 'Demande reçue', final: false },
          version: 1,
          assignedTo: null,
        },
      ],
    });

    const one = await call(agent, 'GET', api(a, `/requests/${request.id}`));
    expect(one.headers.etag).toBe('"1"');
    expect(one.json.answers).toEqual({ objet: 'Nid de poule avenue Foch' });
    expect(one.json.transitions.map((tr: { to: string }) => tr.to)).toEqual([
      'en-cours',
      'verification',
      'classee',
      'annulee',
    ]);

    const moved = await call(agent, 'POST', api(a, `/requests/${request.id}/transitions`), {
      to: 'en-cours',
      version: 1,
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      status: { key: 'en-cours' },
      version: 3,
      assignedTo: { id: a.agentA.id, name: a.agentA.display_name },
    });

    const stale = await call(agent, 'POST', api(a, `/requests/${request.id}/transitions`), {
      to: 'acceptee',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json).toMatchObject({ code: 'version_conflict', type: 'urn:communs:probleme:version_conflict' });

    const missing = await call(agent, 'POST', api(a, `/requests/${request.id}/transitions`), {
      to: 'attente-usager',
      version: 3,
    });
    expect(missing.status).toBe(422);
    expect(missing.json.errors).toEqual([{ field: 'text', message: 'Écrivez votre question à l’usager.' }]);
    const wrong = await call(agent, 'POST', api(a, `/requests/${request.id}/transitions`), {
      to: 'nulle-part',
      version: 3,
    });
    expect(wrong.json).toMatchObject({ status: 409, code: 'transition_refused' });

    await agent.post(`/c/${a.commune.slug}/gru/demandes/${request.id}/notes`, { note: 'Note réservée aux agents.' });
    expect(JSON.stringify((await call(agent, 'GET', api(a, `/requests/${request.id}`))).json.history)).not.toContain(
      'Note réservée aux agents.',
    );
    const written = await call(agent, 'POST', api(a, `/requests/${request.id}/messages`), {
      body: 'Un agent passera demain.',
    });
    expect(written.status).toBe(201);
    expect(written.json).toEqual({ requestId: request.id, notified: ['email'] });
    const empty = await call(agent, 'POST', api(a, `/requests/${request.id}/messages`), { body: '   ' });
    expect(empty.json).toMatchObject({ status: 422, errors: [{ field: 'body', message: 'Écrivez votre message.' }] });
    expect(
      (await call(agent, 'GET', api(a, `/requests/${request.id}`))).json.messages.map((m: { body: string }) => m.body),
    ).toEqual(['Un agent passera demain.']);
  });

  it('refuses other tenants’ agents (404), citizens (404) and anonymous callers (401)', async () => {
    const request = await submitTestRequest(t.services, a);
    expect((await call(agentOfB, 'GET', api(b, `/requests/${request.id}`))).json).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect((await call(agentOfB, 'GET', api(a, `/requests/${request.id}`))).status).toBe(404);
    expect((await call(agentOfB, 'GET', api(b, `/requests?q=${request.number}`))).json.items).toEqual([]);
    const citizen = t.client();
    await citizen.login(a.citizen.email, a.citizen.password);
    expect((await call(citizen, 'GET', api(a, '/requests'))).status).toBe(404);
    expect((await call(null, 'GET', api(a, '/requests'))).json).toMatchObject({
      status: 401,
      code: 'authentication_required',
    });
  });

  it('refuses a day PostgreSQL has not, with problem+json naming the field', async () => {
    const bad = await call(agent, 'GET', api(a, '/requests?from=0000-01-01'));
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([expect.objectContaining({ field: 'from' })]);
  });

  it('documents its operations in the OpenAPI file, for sessions and bearer tokens', async () => {
    const document = JSON.parse((await t.client().get('/api/openapi.json')).body);
    for (const [path, method] of [
      ['/api/gru/requests', 'get'],
      ['/api/gru/requests/{id}', 'get'],
      ['/api/gru/requests/{id}/transitions', 'post'],
      ['/api/gru/requests/{id}/messages', 'post'],
    ] as const) {
      expect(document.paths[path][method].security).toEqual([
        { session: [] },
        { clientCredentials: [BACKOFFICE_SCOPE] },
      ]);
    }
    expect(document.components.securitySchemes.clientCredentials.flows.clientCredentials.scopes).toHaveProperty(
      BACKOFFICE_SCOPE,
    );
    expect(document.components.schemas.Problem.properties.code.enum).toEqual(
      expect.arrayContaining(['version_conflict', 'request_held', 'transition_refused']),
    );
  });
});
