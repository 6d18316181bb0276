import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { AddressPolicy } from './address-policy.ts';

/** Thrown when a call, or one of its redirects, would reach an address the policy refuses. Nothing was sent. */
export class OutgoingCallRefused extends Error {
  constructor(readonly url: URL) {
    super(`appel vers ${url.origin} refusé : adresse interne`);
    this.name = 'OutgoingCallRefused';
  }
}

export type GuardedFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const MAX_REDIRECTS = 5;
const DEFAULT_TIMEOUT_MS = 10_000;
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A `fetch` for calls made on a tenant's behalf (its workflows' webhooks, its portals' back-channel logout): the host
 * name is resolved first and the call refused when any address it gives is internal (see `AddressPolicy`), then the
 * connection goes to the address that was checked, so a name cannot answer differently between the check and the
 * call. Redirects, when followed, go through the same check at each hop. `allowed`: the deployment's explicit
 * exceptions (`OUTGOING_ALLOWED_ADDRESSES`).
 */
export function guardedFetch(allowed: readonly string[]): GuardedFetch {
  const policy = new AddressPolicy(allowed);
  return async (input, init = {}) => {
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = bodyOf(init.body);
    const headers = new Headers(init.headers);
    if (init.body instanceof URLSearchParams && !headers.has('content-type'))
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    const signal = init.signal ?? AbortSignal.timeout(DEFAULT_TIMEOUT_MS);
    for (let hop = 0; ; hop += 1) {
      const response = await callOnce(policy, url, method, headers, body, signal);
      const location = response.headers.location;
      const redirect = response.statusCode !== undefined && [301, 302, 303, 307, 308].includes(response.statusCode);
      if (!redirect || !location || init.redirect === 'manual') return toResponse(response);
      response.resume();
      if (init.redirect === 'error' || hop >= MAX_REDIRECTS)
        throw new Error(`trop de redirections depuis ${url.origin}`);
      const next = new URL(location, url);
      // As browsers do: 303, and 301/302 after a POST, become a GET without a body.
      if (
        response.statusCode === 303 ||
        (method === 'POST' && response.statusCode !== 307 && response.statusCode !== 308)
      ) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      if (next.origin !== url.origin) headers.delete('authorization');
      url = next;
    }
  };
}

function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('corps de requête non pris en charge');
}

function callOnce(
  policy: AddressPolicy,
  url: URL,
  method: string,
  headers: Headers,
  body: string | Uint8Array | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new OutgoingCallRefused(url));
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An address written in the URL is never looked up: it is checked here.
  if (isIP(host) && policy.refuses(host)) return Promise.reject(new OutgoingCallRefused(url));
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method,
      headers: Object.fromEntries(headers),
      agent: false,
      signal,
      lookup: checkedLookup(policy, url),
    });
    request.on('response', resolve);
    request.on('error', reject);
    request.end(body);
  });
}

/** Resolves as `net` would, and refuses the name when any of its addresses is internal. */
function checkedLookup(policy: AddressPolicy, url: URL): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0 || addresses.some((a) => policy.refuses(a.address)))
        return callback(new OutgoingCallRefused(url), '', 0);
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses as [LookupAddress];
      return callback(null, first.address, first.family);
    });
  };
}

function toResponse(message: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const status = message.statusCode ?? 502;
  if (NULL_BODY_STATUSES.has(status)) {
    message.resume();
    return new Response(null, { status, statusText: message.statusMessage, headers });
  }
  return new Response(Readable.toWeb(message) as ReadableStream<Uint8Array>, {
    status,
    statusText: message.statusMessage,
    headers,
  });
}
