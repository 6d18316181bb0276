import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A commune's own system for the connector tests: a real HTTP server speaking Open311 GeoReport v2 (`POST
 * requests.json`, form-encoded, API key) and signed JSON webhooks (HMAC-SHA256 over "<t>.<body>", 5-minute replay
 * window), written from the protocols and not from our sender's code. Like a real receiver it de-duplicates what it
 * is sent (Open311: on the `attribute[communs_event_id]` the sender adds; webhook: on the event id header), so a
 * delivery sent twice is stored once. Failures are injected on purpose: 500s, answers lost after the request was
 * stored (the connection dropped: the sender cannot know it arrived), and slow answers.
 *
 * For a commune that cannot push, it also serves its status updates as FixMyStreet's Open311 extension does: `GET
 * servicerequestupdates.json?api_key=…&start_date=…` answers `{ service_request_updates: [...] }` (or, if asked, the
 * bare list), the updates made since `start_date`, in the order the test stored them (so possibly not the order they
 * happened). Injected on purpose: 500s for the next polls, and every update listed twice in an answer.
 */
export type InjectedFailure = 'http-500' | 'dropped-after-store' | 'http-503-before-store';

export type FakeCommuneOptions = {
  apiKey: string;
  webhookSecret: string;
  /** The receiver's clock for the replay window (the tests' injected clock). */
  now: () => Date;
  /** Share of deliveries answered with a failure (0 by default). */
  failureRate?: number;
  /** At most this many failures in a row for one event, so a test ends (the sender's retries are finite). */
  maxConsecutiveFailures?: number;
  random?: () => number;
};

export type StoredReport = {
  reference: string;
  eventId: string;
  protocol: 'open311' | 'webhook';
  fields: Record<string, string>;
  /** When it was stored (Date.now()), for the delivery latency benchmark. */
  receivedAt: number;
};

export type FakeCommuneSystem = {
  /** Open311 base URL (ends with /open311/v2/). */
  open311Url: string;
  webhookUrl: string;
  /** What the commune's system holds: one entry per report, whatever the number of deliveries. */
  reports: StoredReport[];
  /** Every call that reached it, failures and repeats included. */
  calls: number;
  failuresInjected: Record<InjectedFailure, number>;
  repeatsRecognised: number;
  signaturesRefused: number;
  setFailureRate(rate: number): void;
  /** The status updates its agents made, served by `GET servicerequestupdates.json` (the test adds to it). */
  statusUpdates: StatusUpdate[];
  /** Every `GET servicerequestupdates.json` received, with its parameters, failures included. */
  updatePolls: Array<{ startDate: string | null; jurisdictionId: string | null; apiKey: string | null }>;
  /** How the next polls are answered. */
  polling: {
    /** This many next polls are answered 500 (each one counts down). */
    failNext: number;
    /** Each update listed twice in one answer, as a careless server may. */
    repeatEach: boolean;
    /** The bare list instead of `{ service_request_updates }`. */
    bareList: boolean;
  };
  close(): Promise<void>;
};

const REPLAY_WINDOW_S = 300;

export async function startFakeCommuneSystem(options: FakeCommuneOptions): Promise<FakeCommuneSystem> {
  const random = options.random ?? Math.random;
  const maxConsecutive = options.maxConsecutiveFailures ?? 4;
  let failureRate = options.failureRate ?? 0;
  const byEvent = new Map<string, StoredReport>();
  const consecutive = new Map<string, number>();
  const state: Omit<FakeCommuneSystem, 'open311Url' | 'webhookUrl' | 'setFailureRate' | 'close'> = {
    reports: [],
    statusUpdates: [],
    updatePolls: [],
    polling: { failNext: 0, repeatEach: false, bareList: false },
    calls: 0,
    failuresInjected: { 'http-500': 0, 'dropped-after-store': 0, 'http-503-before-store': 0 },
    repeatsRecognised: 0,
    signaturesRefused: 0,
  };

  /** Decides whether this call fails, and how; never more than `maxConsecutive` times in a row for one event. */
  const drawFailure = (eventId: string): InjectedFailure | null => {
    const count = consecutive.get(eventId) ?? 0;
    if (count >= maxConsecutive || random() >= failureRate) {
      consecutive.set(eventId, 0);
      return null;
    }
    consecutive.set(eventId, count + 1);
    const kinds: InjectedFailure[] = ['http-500', 'dropped-after-store', 'http-503-before-store'];
    const kind = kinds[Math.floor(random() * kinds.length)] ?? 'http-500';
    state.failuresInjected[kind]++;
    return kind;
  };

  const store = (eventId: string, protocol: StoredReport['protocol'], fields: Record<string, string>) => {
    const known = byEvent.get(eventId);
    if (known) {
      state.repeatsRecognised++;
      return known;
    }
    const report = { reference: `SIG-${state.reports.length + 1}`, eventId, protocol, fields, receivedAt: Date.now() };
    byEvent.set(eventId, report);
    state.reports.push(report);
    return report;
  };

  const answer = (
    response: ServerResponse,
    failure: InjectedFailure | null,
    eventId: string,
    protocol: StoredReport['protocol'],
    fields: Record<string, string>,
    body: (report: StoredReport) => unknown,
  ) => {
    if (failure === 'http-503-before-store') return json(response, 503, [{ code: 503, description: 'CRM is down' }]);
    const report = store(eventId, protocol, fields);
    if (failure === 'http-500') return json(response, 500, [{ code: 500, description: 'internal error' }]);
    // Stored, but the answer never reaches the sender: it will send again, and must be recognised.
    if (failure === 'dropped-after-store') return response.socket?.destroy();
    return json(response, protocol === 'open311' ? 200 : 201, body(report));
  };

  const server: Server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      state.calls++;
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method === 'POST' && url.pathname === '/open311/v2/requests.json') {
        const form = Object.fromEntries(new URLSearchParams(raw));
        if (form.api_key !== options.apiKey)
          return json(response, 403, [{ code: 403, description: 'Invalid api_key' }]);
        if (!form.service_code) return json(response, 400, [{ code: 400, description: 'service_code missing' }]);
        if (!(form.lat && form.long) && !form.address_string && !form.address_id)
          return json(response, 400, [{ code: 400, description: 'location missing' }]);
        const eventId = form['attribute[communs_event_id]'] ?? randomUUID();
        return answer(response, drawFailure(eventId), eventId, 'open311', form, (report) => [
          { service_request_id: report.reference, service_notice: '' },
        ]);
      }
      if (request.method === 'GET' && url.pathname === '/open311/v2/servicerequestupdates.json') {
        const startDate = url.searchParams.get('start_date');
        state.updatePolls.push({
          startDate,
          jurisdictionId: url.searchParams.get('jurisdiction_id'),
          apiKey: url.searchParams.get('api_key'),
        });
        if (url.searchParams.get('api_key') !== options.apiKey)
          return json(response, 403, [{ code: 403, description: 'Invalid api_key' }]);
        if (state.polling.failNext > 0) {
          state.polling.failNext--;
          return json(response, 500, [{ code: 500, description: 'internal error' }]);
        }
        const since = startDate ? Date.parse(startDate) : Number.NaN;
        if (startDate && Number.isNaN(since))
          return json(response, 400, [{ code: 400, description: 'start_date is not a date' }]);
        const listed = state.statusUpdates.filter(
          (u) => Number.isNaN(since) || Date.parse(u.updated_datetime) >= since,
        );
        const served = state.polling.repeatEach ? listed.flatMap((u) => [u, u]) : listed;
        return json(response, 200, state.polling.bareList ? served : { service_request_updates: served });
      }
      if (request.method === 'POST' && url.pathname === '/webhook') {
        const eventId = header(request, 'communs-event-id');
        if (
          !eventId ||
          !verifySignature(options.webhookSecret, header(request, 'communs-signature'), raw, options.now())
        ) {
          state.signaturesRefused++;
          return json(response, 401, { error: 'signature refusée' });
        }
        const parsed = JSON.parse(raw) as { request: Record<string, unknown> };
        const fields = { number: String(parsed.request.number), description: String(parsed.request.description) };
        return answer(response, drawFailure(eventId), eventId, 'webhook', fields, (report) => ({
          reference: report.reference,
        }));
      }
      return json(response, 404, [{ code: 404, description: 'not found' }]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    open311Url: `${base}/open311/v2/`,
    webhookUrl: `${base}/webhook`,
    setFailureRate: (rate: number) => {
      failureRate = rate;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, refused outside five minutes of the receiver's clock. */
export function verifySignature(secret: string, signature: string | undefined, body: string, now: Date): boolean {
  const parts = Object.fromEntries((signature ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  if (Math.abs(now.getTime() / 1000 - t) > REPLAY_WINDOW_S) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const header = (request: IncomingMessage, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export type StatusUpdate = {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description?: string;
};

/**
 * The commune's system pushing status updates back (FixMyStreet's `servicerequestupdates` shape), signed with its
 * secret at `now`; `wrongSecret` signs with another one, as a forger would.
 */
export async function pushStatusUpdates(
  url: string,
  options: { secret: string; now: Date; updates: StatusUpdate[]; wrongSecret?: boolean },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify({ service_request_updates: options.updates });
  const t = Math.floor(options.now.getTime() / 1000);
  const key = options.wrongSecret ? `${options.secret}-faux` : options.secret;
  const v1 = createHmac('sha256', key).update(`${t}.${body}`).digest('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'communs-signature': `t=${t},v1=${v1}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
