import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

// ES256 keys with rotation: a deployment's very first requests arrive together, and every one of them
// finds no provider built yet.
let t: TestContext;
beforeAll(async () => {
  // Its own database: it starts without any signing key.
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe('the provider of a fresh deployment', () => {
  it('answers simultaneous first requests with one and the same signing key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => t.app.inject({ method: 'GET', url: '/oidc/jwks' })),
    );
    const kids = responses.map((r) => (r.json() as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid).join(','));
    const stored = await t.services.db.selectFrom('oidc_signing_key').select('kid').execute();
    expect(stored).toHaveLength(1);
    expect(new Set(kids)).toEqual(new Set([stored[0]!.kid]));
  });
});
