import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

let t: TestContext;
let w: ProcessingWorld;
let agent: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  w = await buildProcessingWorld(t.services);
  agent = t.client();
  expect((await agent.login(w.agentA.email, w.agentA.password)).statusCode).toBe(303);
});
afterAll(async () => {
  await t?.close();
});

/** The text of every label of a page, tags and the optional mark stripped: what a screen reader announces. */
function labelTexts(html: string): string[] {
  return [...html.matchAll(/<label\b[^>]*>([\s\S]*?)<\/label>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/\(facultatif\)/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

describe('the agent’s request page labels each field distinctly (issue 13 §14)', () => {
  it('gives the citizen-facing note of each step its own label, naming the step', async () => {
    const request = await submitTestRequest(t.services, w);
    const html = (await agent.get(`/c/${w.commune.slug}/gru/demandes/${request.id}`)).body;
    const labels = labelTexts(html);
    const repeated = labels.filter((l, i) => labels.indexOf(l) !== i);
    expect(repeated).toEqual([]);
    expect(labels).toContain('Précision pour l’usager (Classer sans suite)');
  });
});
