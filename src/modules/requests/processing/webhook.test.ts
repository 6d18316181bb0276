import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptRequestWithWebhooks, buildProcessingWorld } from '../../../../test/backoffice-factories.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';
import { MINUTE } from '../../../platform/clock.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { listRequestEvents, webhookSecret } from './processing.repo.ts';

/** A partner's receiver, as a real HTTP server: it fails the first call, then accepts. */
type Received = { headers: IncomingHttpHeaders; body: string };
let server: Server;
let url: string;
const received: Received[] = [];
let t: TestContext;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = received.length === 1 ? 503 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/communs`;
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('signed webhook through the outbox (issue 5 §1)', () => {
  it('posts a signed event when a request is accepted, retries after a failure, and keeps each outcome in the history', async () => {
    const world = await buildProcessingWorld(t.services);
    const request = await acceptRequestWithWebhooks(t.services, world, [{ url, event: 'demande-acceptee' }]);

    await t.worker.drain();
    expect(received).toHaveLength(1);
    // The job retries with backoff; the clock moves instead of the test waiting.
    t.clock.advance(5 * MINUTE);
    await t.worker.drain();
    expect(received).toHaveLength(2);
    const [first, second] = received as [Received, Received];
    expect(second.body).toBe(first.body);
    expect(second.headers['communs-event-id']).toBe(first.headers['communs-event-id']);

    const secret = await withTenant(t.services.db, world.commune.id, (trx) => webhookSecret(trx, t.clock.now()));
    const signature = String(second.headers['communs-signature']);
    const [, timestamp, digest] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(digest).toBe(createHmac('sha256', secret).update(`${timestamp}.${second.body}`).digest('hex'));
    expect(createHmac('sha256', 'un autre secret').update(`${timestamp}.${second.body}`).digest('hex')).not.toBe(
      digest,
    );
    const event = JSON.parse(second.body);
    expect(event).toMatchObject({
      type: 'demande-acceptee',
      tenant: { slug: world.commune.slug },
      request: {
        id: request.id,
        number: request.number,
        status: { key: 'acceptee', label: 'Acceptée', final: true, outcome: 'accepted' },
      },
    });

    const history = await withTenant(t.services.db, world.commune.id, (trx) => listRequestEvents(trx, request.id));
    expect(history.map((e) => e.summary)).toEqual([
      `Prise en charge par ${world.agentA.display_name}`,
      `Appel signé vers ${new URL(url).origin} mis en file`,
      `Appel de ${new URL(url).origin} réussi (HTTP 204).`,
    ]);
  });
});
