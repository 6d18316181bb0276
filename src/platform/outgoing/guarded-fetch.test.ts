import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressPolicy, parseAllowedAddresses } from './address-policy.ts';
import { guardedFetch, OutgoingCallRefused } from './guarded-fetch.ts';

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/vers-dedans') {
      response.writeHead(302, { location: `http://127.0.0.2:${(server.address() as AddressInfo).port}/secret` });
    } else if (request.url === '/vers-ici') {
      response.writeHead(303, { location: '/arrivee' });
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('bonjour');
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('guarded outgoing calls (issue 13 §3)', () => {
  it('classifies addresses after resolution: internal ranges refused, public ones allowed, exceptions explicit', () => {
    const policy = new AddressPolicy([]);
    for (const internal of [
      '127.0.0.1',
      '10.2.3.4',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '0.0.0.0',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      'fd00:ec2::254',
      'fe80::1',
      '64:ff9b::a9fe:a9fe',
      'not-an-address',
    ])
      expect(policy.refuses(internal), internal).toBe(true);
    for (const external of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(policy.refuses(external), external).toBe(false);
    const allowing = new AddressPolicy(['127.0.0.1', '10.1.0.0/16', '::1']);
    expect(allowing.refuses('127.0.0.1')).toBe(false);
    expect(allowing.refuses('127.0.0.2')).toBe(true);
    expect(allowing.refuses('10.1.9.9')).toBe(false);
    expect(allowing.refuses('10.2.0.1')).toBe(true);
    expect(allowing.refuses('::1')).toBe(false);
    expect(parseAllowedAddresses(' 127.0.0.1 , ::1,10.0.0.0/8')).toEqual({
      ok: true,
      entries: ['127.0.0.1', '::1', '10.0.0.0/8'],
    });
    expect(parseAllowedAddresses('localhost')).toMatchObject({
      ok: false,
      error: expect.stringContaining('localhost'),
    });
    expect(parseAllowedAddresses('10.0.0.0/33').ok).toBe(false);
  });

  it('refuses loopback by address, by name, in disguise and at metadata addresses, without sending anything', async () => {
    const call = guardedFetch([]);
    const port = new URL(base).port;
    for (const url of [
      `${base}/`,
      `http://localhost:${port}/`,
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'file:///etc/passwd',
    ])
      await expect(call(url), url).rejects.toBeInstanceOf(OutgoingCallRefused);
    expect(hits).toEqual([]);
  });

  it('checks every redirect: an allowed address cannot send the call on to an internal one', async () => {
    const call = guardedFetch(['127.0.0.1']);
    const followed = await call(`${base}/vers-ici`);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toBe('bonjour');
    await expect(call(`${base}/vers-dedans`)).rejects.toBeInstanceOf(OutgoingCallRefused);
    expect(hits).toEqual(['/vers-ici', '/arrivee', '/vers-dedans']);
    const manual = await call(`${base}/vers-dedans`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
  });
});
