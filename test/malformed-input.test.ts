import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from './backoffice-factories.ts';
import { createTestContext, type TestContext } from './support/test-context.ts';

/**
 * Malformed input from anyone, to every route the application declares (read from its route table, not a hand list):
 * broken multipart bodies, NUL bytes, lone UTF-16 surrogates, JSON nested thousands of levels, in bodies, queries and
 * path parameters. Whatever the route, the answer is a 4xx (or a page), never a 5xx, and never a stack trace.
 */
let t: TestContext;
let slug: string;
let world: ProcessingWorld;
let requestId: string;
let signedIn: { cookie: string; csrf: string };
let citizenCookie: string;

async function signIn(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const client = t.client();
  await client.login(email, password, `/c/${slug}`);
  const page = await client.get(`/c/${slug}/compte`);
  expect(page.statusCode).toBe(200);
  return { cookie: client.cookieHeader, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '' };
}

beforeAll(async () => {
  t = await createTestContext();
  world = await buildProcessingWorld(t.services);
  slug = world.commune.slug;
  requestId = (await submitTestRequest(t.services, world)).id;
  // Signed in, with a form's token: malformed input also reaches the routes behind a session and the CSRF check.
  signedIn = await signIn(world.agentA.email, world.agentA.password);
  expect(signedIn.csrf).not.toBe('');
  citizenCookie = (await signIn(world.citizen.email, world.citizen.password)).cookie;
});
afterAll(async () => {
  await t?.close();
});

const BOUNDARY = 'communs-fuzz';
const multipart = (body: string, boundary: string | null = BOUNDARY) => ({
  'content-type': boundary === null ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`,
  body,
});
const part = (name: string, value: string, filename?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\n` +
  `Content-Type: text/plain\r\n\r\n${value}\r\n`;
const nested = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

/** Bodies, each with its content type; `csrf` is put where a form would carry it when the sender is signed in. */
function bodies(csrf: string): Array<{ label: string; 'content-type': string; body: string }> {
  return [
    {
      label: 'multipart truncated',
      ...multipart(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb`),
    },
    { label: 'multipart garbage', ...multipart('garbage') },
    { label: 'multipart without boundary', ...multipart('garbage', null) },
    { label: 'multipart empty boundary', ...multipart('--\r\n', '') },
    { label: 'multipart boundary too long', ...multipart('x', 'b'.repeat(300)) },
    { label: 'multipart bad part header', ...multipart(`--${BOUNDARY}\r\nnonsense\r\n\r\nx\r\n--${BOUNDARY}--\r\n`) },
    {
      label: 'multipart NUL in file name',
      ...multipart(part('_csrf', csrf) + part('fichier', 'bonjour', 'a\u0000b.pdf') + `--${BOUNDARY}--\r\n`),
    },
    {
      label: 'multipart NUL in field',
      ...multipart(part('_csrf', csrf) + part('titre\u0000', 'a\u0000b') + `--${BOUNDARY}--\r\n`),
    },
    {
      label: 'form NUL',
      'content-type': 'application/x-www-form-urlencoded',
      body: `_csrf=${encodeURIComponent(csrf)}&email=a%00b&titre=a%00b&q=%00`,
    },
    {
      label: 'form invalid UTF-8',
      'content-type': 'application/x-www-form-urlencoded',
      body: `_csrf=${encodeURIComponent(csrf)}&titre=%ED%A0%80&email=%C0%80`,
    },
    { label: 'JSON NUL', 'content-type': 'application/json', body: '{"answers":{"nom":"a\\u0000b"},"a\\u0000":1}' },
    { label: 'JSON lone surrogate', 'content-type': 'application/json', body: '{"answers":{"nom":"a\\ud800b"}}' },
    { label: 'JSON lone low surrogate key', 'content-type': 'application/json', body: '{"\\udc00":"x"}' },
    { label: 'JSON nested 5000 objects', 'content-type': 'application/json', body: nested(5000, '"x"') },
    {
      label: 'JSON answers nested 3000 arrays',
      'content-type': 'application/json',
      body: `{"answers":{"nom":${'['.repeat(3000)}${']'.repeat(3000)}}}`,
    },
    { label: 'JSON broken', 'content-type': 'application/json', body: '{"answers":' },
    { label: 'JSON a string', 'content-type': 'application/json', body: '"\\u0000"' },
  ];
}

const BAD_SEGMENTS = ['a%00b', '%ED%A0%80', '%00', '%C0%80'];

function fill(url: string, bad?: string): string {
  return url
    .replace(/:slug\b/g, bad ?? slug)
    .replace(/:id\b/g, bad ?? requestId)
    .replace(/:[A-Za-z]+/g, bad ?? randomUUID())
    .replace(/\*$/, bad ?? 'x');
}

type Probe = { method: string; url: string; headers: Record<string, string>; body?: string; label: string };

function probes(): Probe[] {
  const list: Probe[] = [];
  const sessions: Array<{ base: string; headers: Record<string, string>; csrf: string }> = [
    { base: '', headers: {}, csrf: 'jeton' },
    { base: `/c/${slug ?? 'x'}`, headers: { cookie: signedIn.cookie }, csrf: signedIn.csrf },
  ];
  for (const route of t.app.routeTable) {
    for (const session of sessions) {
      const base = route.url.startsWith('/oidc') ? '' : session.base;
      if (route.method !== 'GET') {
        for (const { label, body, ...headers } of bodies(session.csrf))
          list.push({
            method: route.method,
            url: base + fill(route.url),
            headers: { ...session.headers, ...headers },
            body,
            label,
          });
      }
      const query = `?q=a%00b&page=%00&statut=%ED%A0%80&retour=%00`;
      list.push({
        method: route.method,
        url: base + fill(route.url) + query,
        headers: session.headers,
        label: 'query NUL',
      });
      if (/[:*]/.test(route.url))
        for (const bad of BAD_SEGMENTS)
          list.push({
            method: route.method,
            url: base + fill(route.url, bad),
            headers: session.headers,
            label: `path ${bad}`,
          });
    }
  }
  // The OpenID provider reads its own bodies and headers: the client_id goes straight to its storage.
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const basic = (id: string) => ({ authorization: `Basic ${Buffer.from(`${id}:secret`).toString('base64')}` });
  list.push(
    { method: 'GET', url: '/oidc/auth?client_id=a%00b&response_type=code&scope=openid', headers: {}, label: 'oidc' },
    { method: 'GET', url: '/oidc/auth?client_id=%ED%A0%80&scope=openid', headers: {}, label: 'oidc' },
    {
      method: 'POST',
      url: '/oidc/token',
      headers: form,
      body: 'grant_type=client_credentials&client_id=a%00b&client_secret=x',
      label: 'oidc',
    },
    {
      method: 'POST',
      url: '/oidc/token',
      headers: { ...form, ...basic('a\u0000b') },
      body: 'grant_type=client_credentials',
      label: 'oidc',
    },
    {
      method: 'POST',
      url: '/oidc/token',
      headers: form,
      body: 'grant_type=authorization_code&code=a%00b&client_id=x',
      label: 'oidc',
    },
    {
      method: 'POST',
      url: '/oidc/token/introspection',
      headers: { ...form, ...basic('a\u0000b') },
      body: 'token=a%00b',
      label: 'oidc',
    },
    {
      method: 'POST',
      url: '/oidc/token/revocation',
      headers: form,
      body: 'token=a%00b&client_id=a%00b',
      label: 'oidc',
    },
    { method: 'GET', url: '/oidc/session/end?client_id=a%00b', headers: {}, label: 'oidc' },
    { method: 'GET', url: '/oidc/me', headers: { authorization: 'Bearer a\u0000b' }, label: 'oidc' },
    { method: 'GET', url: '/api/openapi.json?x=%00', headers: { authorization: 'Bearer a\u0000b' }, label: 'bearer' },
  );
  // Past every check but the text's own: a citizen's answers to a real service, an agent's search and message.
  const service = `/c/${slug}/api/services/${world.service.eservice.slug}/requests`;
  const json = { 'content-type': 'application/json' };
  for (const [label, answer] of [
    ['answer NUL', '"a\\u0000b"'],
    ['answer lone surrogate', '"a\\ud800b"'],
    ['answer nested', `${'['.repeat(4000)}${']'.repeat(4000)}`],
    ['answer nested 300,000 levels', `${'['.repeat(300_000)}${']'.repeat(300_000)}`],
  ] as const)
    list.push({
      method: 'POST',
      url: service,
      headers: { ...json, cookie: citizenCookie, 'idempotency-key': `cle-${randomUUID()}` },
      body: `{"answers":{"objet":${answer}}}`,
      label,
    });
  for (const q of ['a%00b', '%ED%A0%80', '%00'])
    list.push({
      method: 'GET',
      url: `/c/${slug}/gru/demandes?q=${q}`,
      headers: { cookie: signedIn.cookie },
      label: 'search',
    });
  list.push({
    method: 'POST',
    url: `/c/${slug}/api/gru/requests/${requestId}/messages`,
    headers: { ...json, cookie: signedIn.cookie },
    body: '{"body":"a\\u0000b\\ud800"}',
    label: 'agent message',
  });
  return list;
}

describe('malformed input is a 4xx, never a 500 (issue 13 §4)', () => {
  it('refuses each kind of malformed text with a 400 naming the problem, before the CSRF check', async () => {
    const truncated = await t.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb`,
    });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.body).toContain('Le formulaire envoyé est incomplet ou mal formé.');

    const nul = await t.app.inject({ method: 'GET', url: '/demarches?q=a%00b' });
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('caractère interdit');

    const surrogate = await t.app.inject({
      method: 'POST',
      url: '/api/services/x/requests',
      headers: { 'content-type': 'application/json' },
      payload: '{"answers":{"nom":"a\\ud800"}}',
    });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(surrogate.body)).toMatchObject({ code: 'bad_request', status: 400 });

    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/services/x/requests',
      headers: { 'content-type': 'application/json' },
      payload: nested(5000, '1'),
    });
    expect(deep.statusCode).toBe(400);
    expect(JSON.parse(deep.body).detail).toContain('imbriquée trop profondément');
  });
  it('answers every route’s malformed input without a 5xx or a stack trace', { timeout: 600_000 }, async () => {
    const all = probes();
    expect(all.length).toBeGreaterThan(2500);
    const failures: string[] = [];
    for (const probe of all) {
      const response = await t.app.inject({
        method: probe.method as 'GET',
        url: probe.url,
        headers: { ...probe.headers, accept: probe.url.includes('/api/') ? 'application/json' : 'text/html' },
        ...(probe.body === undefined ? {} : { payload: probe.body }),
      });
      const stack = /\bat [^\s]+ \(?[^\s]+:\d+:\d+\)?|node_modules|Error: /.test(response.body);
      if (response.statusCode >= 500 || stack)
        failures.push(
          `${probe.method} ${probe.url} [${probe.label}] → ${response.statusCode}${stack ? ' (trace)' : ''}`,
        );
    }
    expect(failures).toEqual([]);
  });
});
