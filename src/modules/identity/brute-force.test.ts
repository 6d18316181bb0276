import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { LOGIN_LIMITS } from '../../platform/auth/log-in.ts';
import { identityRuntime } from './identity-runtime.ts';
import { updateIdentityAccount } from './identity.repo.ts';
import { totpCode } from './totp.ts';

// CNIL 2022-100 throttling: guesses sent in parallel cannot get past the limit, because each
// attempt is counted atomically before the secret is checked (Zitadel GHSA-7h8m-vrxx-vr4m is the failure avoided).
let t: TestContext;
beforeAll(async () => {
  // Its own database, like every test file: these guesses fill the per-address counter.
  t = await createTestContext();
});
afterAll(async () => t?.close());

const PARALLEL = 12;

describe('parallel brute force', () => {
  it(`lets exactly ${LOGIN_LIMITS.perAccount} of ${PARALLEL} simultaneous password guesses reach the password check`, async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.get('/connexion');
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        client.post('/connexion', { email: user.email, password: 'mauvais mot de passe' }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.perAccount);
    expect(statuses.filter((s) => s === 429)).toHaveLength(PARALLEL - LOGIN_LIMITS.perAccount);
    // Even the right password is refused until the window ends.
    const right = await client.post('/connexion', { email: user.email, password: user.password });
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Trop de tentatives de connexion');
  });

  it(`lets exactly ${LOGIN_LIMITS.perAccount} of ${PARALLEL} simultaneous second-factor codes be checked`, async () => {
    const user = await buildUser(t.services);
    const { box } = await identityRuntime(t.services);
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await updateIdentityAccount(t.services.db, user.id, {
      totp_secret: box.seal(secret),
      totp_enabled_at: t.clock.now(),
    });
    const client = t.client();
    const login = await client.submit('/connexion', '/connexion', { email: user.email, password: user.password });
    expect(login.headers.location).toBe('/connexion/code');
    await client.get('/connexion/code');
    const wrong = totpCode(secret, new Date(t.clock.now().getTime() + 10 * 60_000));
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => client.post('/connexion/code', { code: wrong })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.perAccount);
    expect(statuses.filter((s) => s === 429)).toHaveLength(PARALLEL - LOGIN_LIMITS.perAccount);
  });
});
