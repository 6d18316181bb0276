import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { type FakePartner, franceConnectCitizen, startFakePartner } from './fake-partner.ts';

/** A free port on the loopback interface (the app's public URL must be known before it is built). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The application on a real port, its PUBLIC_URL being that address: the issuer relying parties discover. `env` may
 * depend on that address (a fake partner registers our callback URL before the app starts).
 */
export async function startIdentityServer(
  env: Record<string, string> | ((baseUrl: string) => Promise<Record<string, string>>) = {},
): Promise<{ t: TestContext; baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const extra = typeof env === 'function' ? await env(baseUrl) : env;
  const t = await createTestContext({ env: { PUBLIC_URL: baseUrl, ...extra } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { t, baseUrl };
}

export type RelyingPartyServer = {
  baseUrl: string;
  callbackUrl: string;
  /** Logout tokens received on the back-channel endpoint. */
  logoutTokens: string[];
  /** Every page the browser landed on (callbacks with their code, post-logout returns). */
  visits: string[];
  close(): Promise<void>;
};

/** A commune portal's web server: a callback page and a back-channel logout endpoint. */
export async function startRelyingPartyServer(): Promise<RelyingPartyServer> {
  const logoutTokens: string[] = [];
  const visits: string[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    if (request.method === 'POST' && request.url === '/backchannel-logout') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const token = new URLSearchParams(body).get('logout_token');
        if (token) logoutTokens.push(token);
        response.writeHead(200).end();
      });
      return;
    }
    if (request.url !== '/favicon.ico') visits.push(`${baseUrl}${request.url ?? '/'}`);
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><html lang="fr"><title>Portail</title><h1>Portail</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    callbackUrl: `${baseUrl}/callback`,
    logoutTokens,
    visits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The application with a fake FranceConnect and a fake ProConnect wired in through its configuration (`env`: more
 * settings, such as the SMTP catcher's address).
 */
export async function startWithPartners(env: Record<string, string> = {}): Promise<{
  t: TestContext;
  baseUrl: string;
  franceConnect: FakePartner;
  proConnect: FakePartner;
}> {
  let franceConnect!: FakePartner;
  let proConnect!: FakePartner;
  const started = await startIdentityServer(async (baseUrl) => {
    franceConnect = await startFakePartner({
      kind: 'franceconnect',
      redirectUri: `${baseUrl}/franceconnect/retour`,
      postLogoutRedirectUri: `${baseUrl}/franceconnect/deconnexion`,
      person: franceConnectCitizen(),
    });
    proConnect = await startFakePartner({
      kind: 'proconnect',
      redirectUri: `${baseUrl}/proconnect/retour`,
      postLogoutRedirectUri: `${baseUrl}/proconnect/deconnexion`,
      person: {
        sub: 'pc-sub-0001',
        claims: {
          given_name: 'Sacha',
          usual_name: 'AGENT',
          email: 'sacha.agent@mairie.example.org',
          uid: '1',
          siret: '21690001700018',
          idp_id: 'idp-mairie',
        },
      },
    });
    return {
      FRANCECONNECT_ISSUER: franceConnect.issuer,
      FRANCECONNECT_CLIENT_ID: franceConnect.clientId,
      FRANCECONNECT_CLIENT_SECRET: franceConnect.clientSecret,
      PROCONNECT_ISSUER: proConnect.issuer,
      PROCONNECT_CLIENT_ID: proConnect.clientId,
      PROCONNECT_CLIENT_SECRET: proConnect.clientSecret,
      ...env,
    };
  });
  return { ...started, franceConnect, proConnect };
}
