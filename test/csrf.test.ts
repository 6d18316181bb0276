import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from './backoffice-factories.ts';
import type { TestClient } from './support/test-client.ts';
import { createTestContext, type TestContext } from './support/test-context.ts';

// A page of another site the agent visits while signed in (a sibling site on the same registrable domain gets the
// SameSite=Lax session cookie sent): what can it make the agent's browser do?
let t: TestContext;
let world: ProcessingWorld;
let agent: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  world = await buildProcessingWorld(t.services);
  agent = t.client();
  await agent.login(world.agentA.email, world.agentA.password);
});
afterAll(async () => t?.close());

const messagesOf = async (requestId: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/c/${world.commune.slug}/api/gru/requests/${requestId}`,
      headers: { cookie: agent.cookieHeader },
    })
  )
    .json<{
      messages: Array<{ body: string }>;
    }>()
    .messages.map((m) => m.body);

async function postMessage(requestId: string, headers: Record<string, string>, payload: string) {
  return t.app.inject({
    method: 'POST',
    url: `/c/${world.commune.slug}/api/gru/requests/${requestId}/messages`,
    headers: { cookie: agent.cookieHeader, ...headers },
    payload,
  });
}

describe('the JSON API takes JSON, and a session cookie alone does not authorise a call (issue 13 §2)', () => {
  it('refuses a form-encoded or text body sent with the agent’s session: 415, nothing written', async () => {
    const request = await submitTestRequest(t.services, world);
    const form = await postMessage(
      request.id,
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://voisin.example' },
      'body=Votre+demande+est+refus%C3%A9e',
    );
    expect(form.statusCode).toBe(415);
    expect(form.headers['content-type']).toContain('application/problem+json');
    expect(form.json()).toMatchObject({ code: 'unsupported_media_type' });
    const text = await postMessage(
      request.id,
      { 'content-type': 'text/plain', origin: 'https://voisin.example' },
      JSON.stringify({ body: 'Votre demande est refusée' }),
    );
    expect(text.statusCode).toBe(415);
    expect(await messagesOf(request.id)).toEqual([]);
  });

  it('refuses JSON with the session cookie from another origin, or without Origin nor token; accepts this site', async () => {
    const request = await submitTestRequest(t.services, world);
    const json = { 'content-type': 'application/json' };
    const foreign = await postMessage(
      request.id,
      { ...json, origin: 'https://voisin.example' },
      JSON.stringify({ body: 'Piège' }),
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ code: 'csrf_invalid' });
    const anonymous = await postMessage(request.id, json, JSON.stringify({ body: 'Piège encore' }));
    expect(anonymous.statusCode).toBe(403);
    expect(await messagesOf(request.id)).toEqual([]);

    const fromSite = await postMessage(
      request.id,
      { ...json, origin: t.services.config.publicUrl },
      JSON.stringify({ body: 'Depuis le site' }),
    );
    expect(fromSite.statusCode).toBe(201);
    // Without Origin, the page's token in X-CSRF-Token.
    const page = await agent.get(`/c/${world.commune.slug}/gru`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const withToken = await postMessage(
      request.id,
      { ...json, 'x-csrf-token': token },
      JSON.stringify({ body: 'Avec le jeton' }),
    );
    expect(withToken.statusCode).toBe(201);
    expect(await messagesOf(request.id)).toEqual(['Depuis le site', 'Avec le jeton']);
  });
});

describe('a CSRF token is bound to its session (issue 13 §2)', () => {
  it('refuses another session’s CSRF cookie and token with this session’s cookie', async () => {
    const victim = t.client();
    await victim.login(world.agentB.email, world.agentB.password);
    expect((await victim.get('/compte')).statusCode).toBe(200);

    // The attacker's own pair (signed-in or not), planted in the victim's browser next to the victim's session.
    const attacker = t.client();
    await attacker.login(world.citizen.email, world.citizen.password);
    const page = await attacker.get('/compte');
    const attackerToken = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const forged = await t.app.inject({
      method: 'POST',
      url: '/deconnexion',
      headers: {
        cookie: `communs_session=${victim.cookie('communs_session')}; communs_csrf=${attacker.cookie('communs_csrf')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `_csrf=${encodeURIComponent(attackerToken)}`,
    });
    expect(forged.statusCode).toBe(403);
    expect((await victim.get('/compte')).statusCode).toBe(200);

    // The victim's own form still works.
    const own = await victim.submit('/compte', '/deconnexion', {});
    expect(own.statusCode).toBe(303);
    expect((await victim.get('/compte')).statusCode).toBe(303);
  });
});
