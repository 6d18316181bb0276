import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsolationWorld, type IsolationCase, type IsolationWorld, runAttempt } from './cross-tenant/isolation.ts';
import { MODULES } from '../src/modules.ts';
import { platformCases } from './cross-tenant/platform.cases.ts';
import { createTestContext, type TestContext } from './support/test-context.ts';

// DESIGN invariant 1: every route, walked as people of another tenant. The platform's routes have their cases here;
// each module lists its own in its descriptor (crossTenantCases), so a new module's routes are checked as soon as it
// is in the module list.
const CASES: IsolationCase[] = [...platformCases];
for (const module of MODULES) {
  // The descriptor types its cases loosely (the platform knows nothing of this harness): they are this file's.
  CASES.push(...(((await module.crossTenantCases?.()) ?? []) as IsolationCase[]));
}

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
