import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe('health and API description', () => {
  it('answers /healthz with the database kind', async () => {
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite',
    });
  });

  it('serves an OpenAPI 3.1 document that lists every API route', async () => {
    const response = await t.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const spec = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(spec.openapi).toBe('3.1.0');
    const apiRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url === '/healthz');
    expect(apiRoutes.length).toBeGreaterThan(2);
    for (const route of apiRoutes) {
      const documented = spec.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(documented, `${route.method} ${route.url} missing from the OpenAPI document`).toBeDefined();
    }
  });
});

describe('browser libraries served by us', () => {
  it('serves the map library from its npm package, and nothing else of node_modules', async () => {
    const library = await t.app.inject('/static/vendor/ol.js');
    expect(library.statusCode).toBe(200);
    expect(library.headers['content-type']).toContain('javascript');
    expect(library.body.length).toBeGreaterThan(100_000);
    expect((await t.app.inject('/static/vendor/ol.css')).headers['content-type']).toContain('text/css');
    expect((await t.app.inject('/static/vendor/proj4.js')).statusCode).toBe(200);
    expect((await t.app.inject('/static/vendor/package.json')).statusCode).toBe(404);
    expect((await t.app.inject('/static/vendor/..%2F..%2Fpackage.json')).statusCode).toBe(404);
  });
});

describe('errors (DESIGN invariant 7)', () => {
  it('shows a French 404 page for an unknown page', async () => {
    const response = await t.app.inject('/nulle-part');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<html lang="fr"');
    expect(response.body).toContain('Page introuvable');
  });

  it('answers an unknown API route with problem+json and a stable code', async () => {
    const response = await t.app.inject('/api/nulle-part');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      type: 'urn:communs:probleme:not_found',
      status: 404,
      code: 'not_found',
      title: 'Page introuvable',
    });
  });

  it('lists each invalid parameter in a 422 problem', async () => {
    const response = await t.app.inject('/api/communes?offre=premium');
    expect(response.statusCode).toBe(422);
    const problem = response.json() as { code: string; errors: Array<{ field: string; message: string }> };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors[0]?.field).toBe('offre');
  });

  it('never shows a stack trace, in HTML or in JSON', async () => {
    const app = await buildApp(t.services);
    app.get('/panne', async () => {
      throw new Error('détail interne secret');
    });
    app.get('/api/panne', async () => {
      throw new Error('détail interne secret');
    });
    const page = await app.inject('/panne');
    expect(page.statusCode).toBe(500);
    expect(page.body).toContain('Erreur interne');
    expect(page.body).toContain('Une erreur inattendue');
    const api = await app.inject('/api/panne');
    expect(api.statusCode).toBe(500);
    expect(api.json()).toMatchObject({ code: 'internal_error', status: 500 });
    for (const body of [page.body, api.body]) {
      expect(body).not.toContain('détail interne secret');
      expect(body).not.toMatch(/\.ts:\d+/);
    }
    await app.close();
  });
});

describe('security headers', () => {
  it('sends a strict CSP without inline scripts, and the usual protections', async () => {
    const response = await t.app.inject('/');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
  });

  it('has no inline script or style in the pages themselves', async () => {
    const response = await t.app.inject('/');
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(response.body).not.toMatch(/\sstyle="/);
  });
});

describe('CSRF on every state-changing form', () => {
  it('refuses a POST without the form token on every non-API route', async () => {
    const client = t.client();
    await client.get('/connexion');
    // The OpenID Connect provider's endpoints are protocol endpoints with their own defences (client authentication,
    // PKCE, state, the provider's xsrf on logout). EduConnect's assertion consumer receives a cross-site post from the
    // identity provider's page by design; the signed response, its audience and the replay guard are its defence.
    // Open311's POST requests is called by a commune's software with its API key (no browser, no session), and a
    // commune system's status updates are pushed with an HMAC signature over timestamp and body in a replay window.
    // These four are the only declared exemptions.
    const PROTOCOL_ENDPOINTS = new Set([
      'POST /oidc/*',
      'POST /ecole/educonnect/acs',
      'POST /open311/v2/requests.:format',
      'POST /connecteurs/:slug/mises-a-jour',
    ]);
    const formRoutes = t.app.routeTable.filter(
      (r) => r.method !== 'GET' && !r.url.startsWith('/api/') && !PROTOCOL_ENDPOINTS.has(`${r.method} ${r.url}`),
    );
    expect(formRoutes.length).toBeGreaterThan(3);
    for (const route of formRoutes) {
      expect(route.csrf, `${route.method} ${route.url} has no CSRF check`).toBe(true);
      const url = route.url.replace(/:(\w+)/g, 'x');
      const response = await client.post(url, { anything: '1' }, { withCsrf: false });
      expect(response.statusCode, `${route.method} ${url}`).toBe(403);
      expect(response.body).toContain('Formulaire expiré ou invalide');
    }
  });

  it('sets the form-token cookie only on a page that shows a form, and that form then posts', async () => {
    const home = await t.app.inject('/');
    expect(home.statusCode).toBe(200);
    expect(String(home.headers['set-cookie'] ?? '')).not.toContain('communs_csrf');
    const login = await t.app.inject('/connexion');
    expect(String(login.headers['set-cookie'] ?? '')).toContain('communs_csrf=');
    // The token and the cookie made for the page go together: the form is accepted (a wrong password, not a 403).
    const response = await t
      .client()
      .submit('/connexion', '/connexion', { email: 'personne@example.org', password: 'pas le bon mot de passe' });
    expect(response.statusCode).not.toBe(403);
    expect(response.body).not.toContain('Formulaire expiré ou invalide');
  });
});
