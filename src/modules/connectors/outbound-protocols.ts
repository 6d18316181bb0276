import { signWebhook, WEBHOOK_EVENT_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../requests/index.ts';
import type { ConnectorProtocol, DeliveryPayload } from './connectors.tables.ts';

/** What one attempt sends: the same bytes every time for one delivery (the signature's timestamp excepted). */
export type OutboundCall = { url: string; headers: Record<string, string>; body: string };

export type ConnectorTarget = {
  protocol: ConnectorProtocol;
  endpointUrl: string;
  serviceCode: string;
  jurisdictionId: string;
  secret: string;
};

/**
 * Open311 GeoReport v2 `POST requests`: form-encoded, the commune's service code, lat/long, description and e-mail,
 * the answers as `attribute[<key>]`, our number as `attribute[communs_id]` (as FixMyStreet sends its own id) and the
 * delivery's id as `attribute[communs_event_id]`, on which the receiver recognises a repeated delivery.
 */
export function open311Call(target: ConnectorTarget, payload: DeliveryPayload): OutboundCall {
  const form = new URLSearchParams();
  form.set('api_key', target.secret);
  if (target.jurisdictionId) form.set('jurisdiction_id', target.jurisdictionId);
  form.set('service_code', target.serviceCode || payload.service.slug);
  if (payload.location) {
    form.set('lat', String(payload.location.lat));
    form.set('long', String(payload.location.lon));
  } else {
    form.set('address_string', payload.commune.name);
  }
  if (payload.email) form.set('email', payload.email);
  // GeoReport v2: 4 000 characters at most, no markup.
  form.set('description', payload.description.slice(0, 4000));
  form.set('attribute[communs_id]', payload.number);
  form.set('attribute[communs_event_id]', payload.eventId);
  for (const [key, value] of Object.entries(payload.attributes)) form.set(`attribute[${key}]`, value);
  return {
    url: new URL('requests.json', baseOf(target.endpointUrl)).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form.toString(),
  };
}

/**
 * FixMyStreet's Open311 extension for a system that cannot push: `GET servicerequestupdates.json` with the API key,
 * the jurisdiction when set, and `start_date`, the updates made since then (the commune's system filters on it).
 */
export function open311UpdatesUrl(target: ConnectorTarget, startDate: Date): string {
  const url = new URL('servicerequestupdates.json', baseOf(target.endpointUrl));
  url.searchParams.set('api_key', target.secret);
  if (target.jurisdictionId) url.searchParams.set('jurisdiction_id', target.jurisdictionId);
  url.searchParams.set('start_date', startDate.toISOString());
  return url.toString();
}

/** A signed JSON webhook: HMAC-SHA256 over "<timestamp>.<body>", the event id in its own header. */
export function webhookCall(target: ConnectorTarget, payload: DeliveryPayload, unixSeconds: number): OutboundCall {
  const body = JSON.stringify({ type: 'request.relayed', id: payload.eventId, request: payload });
  return {
    url: target.endpointUrl,
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_EVENT_HEADER]: payload.eventId,
      'communs-timestamp': String(unixSeconds),
      [WEBHOOK_SIGNATURE_HEADER]: signWebhook(target.secret, unixSeconds, body),
    },
    body,
  };
}

/**
 * The commune's reference in its answer: Open311's `[{ service_request_id }]` (or a `token` for a batch server),
 * a webhook's `{ id }` or `{ reference }`. Null when it gave none.
 */
export function communeReference(protocol: ConnectorProtocol, answer: unknown): string | null {
  const first = Array.isArray(answer) ? (answer[0] as unknown) : answer;
  if (!first || typeof first !== 'object') return null;
  const record = first as Record<string, unknown>;
  const candidates =
    protocol === 'open311'
      ? [record.service_request_id, record.token === undefined ? undefined : `token:${String(record.token)}`]
      : [record.reference, record.id];
  const found = candidates.find((c) => typeof c === 'string' || typeof c === 'number');
  return found === undefined ? null : String(found).slice(0, 200);
}

/** The endpoint as a base the protocol's file names resolve against. */
const baseOf = (endpointUrl: string) => (endpointUrl.endsWith('/') ? endpointUrl : `${endpointUrl}/`);
