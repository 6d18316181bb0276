import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsolationWorld, type IsolationCase, type IsolationWorld, runAttempt } from './cross-tenant/isolation.ts';
import { counterCases } from './cross-tenant/counter.cases.ts';
import { backofficeCases } from './cross-tenant/backoffice.cases.ts';
import { identityCases } from './cross-tenant/identity.cases.ts';
import { platformCases } from './cross-tenant/platform.cases.ts';
import { agreementsCases } from './cross-tenant/agreements.cases.ts';
import { createTestContext, type TestContext } from './support/test-context.ts';

// DESIGN invariant 1: every route, walked as people of another tenant. A module adds its routes' cases in
// test/cross-tenant/<module>.cases.ts and lists them here.
const CASES: IsolationCase[] = [
  ...platformCases,
  ...identityCases,
  ...counterCases,
  ...backofficeCases,
  ...agreementsCases,
];

let t: TestContext;
let world: IsolationWorld;
beforeAll(async () => {
  t = await createTestContext();
  world = await buildIsolationWorld(t);
});
afterAll(async () => t.close());

describe('cross-tenant isolation', () => {
  it('has a case for every route of the application', () => {
    const covered = new Set(CASES.map((c) => c.route));
    const missing = t.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((r) => !covered.has(r));
    expect(missing, 'routes without an isolation case').toEqual([]);
    const unknown = [...covered].filter((c) => !t.app.routeTable.some((r) => `${r.method} ${r.url}` === c));
    expect(unknown, 'cases for routes that do not exist').toEqual([]);
  });

  for (const testCase of CASES.filter((c) => c.attempts)) {
    it(`${testCase.route} refuses other tenants' people`, async () => {
      const attempts = (await testCase.attempts?.(world)) ?? [];
      expect(attempts.length).toBeGreaterThan(0);
      for (const attempt of attempts) {
        const response = await runAttempt(world, attempt);
        expect(response.statusCode, `${attempt.as} ${attempt.method} ${attempt.url}`).toBe(attempt.expect);
      }
    });
  }
});
