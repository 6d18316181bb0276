import { createServer, type IncomingMessage } from 'node:http';
import { MODULES } from '../src/modules.ts';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { insertAccount } from '../src/platform/auth/accounts.repo.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createServices } from '../src/platform/services.ts';
import { seedTenants } from '../src/platform/tenancy/seed-tenants.ts';
import { insertConsent } from '../src/modules/identity/consents.repo.ts';
import { identityRuntime } from '../src/modules/identity/identity-runtime.ts';
import { OidcProviderHost } from '../src/modules/identity/oidc/provider.ts';
import { registerClient } from '../src/modules/identity/register-client.ts';

/**
 * One server of the `oidc` benchmark, run in a child process pinned to one core (bench/oidc.ts): either Communs (its
 * provider on our PostgreSQL/PGlite storage, behind Fastify) or a bare oidc-provider with the library's in-memory
 * adapter and the same client. Prints one JSON line with what the load generator needs.
 */
const CLIENT_ID = 'bench-portal';
const CLIENT_SECRET = 'secret-du-banc-d-essai-0123456789abcdef';
const PASSWORD = 'Banc-d-essai-2026!';

export type BenchTarget = {
  port: number;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  email?: string;
  password?: string;
};

async function bare(): Promise<BenchTarget> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/oidc`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const resource = `http://127.0.0.1:${port}/api/identity`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: ['https://portail.example/callback'],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
        scope: 'openid profile email offline_access',
      },
    ],
    jwks: {
      keys: [{ ...(await exportJWK(privateKey)), kid: 'bench', alg: 'ES256', use: 'sig' }] as NonNullable<
        Configuration['jwks']
      >['keys'],
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx) => (ctx.oidc.params?.grant_type === 'client_credentials' ? resource : undefined),
        getResourceServerInfo: async () => ({
          scope: 'identity:deleted_accounts identity:keepalive',
          audience: resource,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
          accessTokenTTL: 600,
        }),
        useGrantedResource: async () => false,
      },
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, given_name: 'Camille' }) }),
    ttl: {
      AccessToken: 600,
      RefreshToken: 30 * 24 * 3600,
      Grant: 365 * 24 * 3600,
      ClientCredentials: 600,
      IdToken: 3600,
      Session: 3600,
      Interaction: 3600,
      AuthorizationCode: 60,
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage & { originalUrl?: string }, res) => {
    req.originalUrl = req.url;
    req.url = (req.url ?? '/').replace(/^\/oidc/, '') || '/';
    void callback(req, res);
  });
  return {
    port,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshToken: await refreshTokenFor(provider, 'bench-account'),
  };
}

async function refreshTokenFor(provider: Provider, accountId: string): Promise<string> {
  const grant = new provider.Grant({ accountId, clientId: CLIENT_ID });
  grant.addOIDCScope('openid offline_access');
  const grantId = await grant.save();
  const client = await provider.Client.find(CLIENT_ID);
  const token = new provider.RefreshToken({
    accountId,
    client: client!,
    grantId,
    scope: 'openid offline_access',
    gty: 'authorization_code',
    expiresWithSession: false,
  });
  return token.save();
}

async function communs(): Promise<BenchTarget> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const url = process.env.BENCH_DATABASE_URL;
  const database = url ? await connectDatabase({ url }) : await connectDatabase({ memory: true });
  await migrateToLatest(database.db, MODULES);
  await seedTenants(database.db);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET: 'secret-du-banc-d-essai-secret-du-banc-d-essai',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // The load generator sends each login from its own address (X-Forwarded-For): the per-address limits would
    // otherwise stop it after 30 logins, which is their purpose, not what is measured.
    TRUST_PROXY: 'true',
  });
  const services = await createServices({ config, database, modules: MODULES });
  const app = await buildApp(services);
  const tenant = await services.tenants.bySlug('givors');
  // A PostgreSQL database may hold a previous run's client and account: they are reused.
  await services.db.deleteFrom('oidc_consent').where('client_id', '=', CLIENT_ID).execute();
  await services.db.deleteFrom('oidc_client').where('id', '=', CLIENT_ID).execute();
  await services.db.deleteFrom('user_account').where('email', '=', 'banc.essai@example.org').execute();
  const registered = await registerClient(services, {
    tenant: tenant!,
    actor: SYSTEM_ACTOR,
    id: CLIENT_ID,
    secret: CLIENT_SECRET,
    name: 'Portail du banc d’essai',
    redirectUris: ['https://portail.example/callback'],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['profile', 'email', 'offline_access'],
    serviceApi: true,
    approved: true,
  });
  if (!registered.ok) throw new Error('bench client');
  const email = 'banc.essai@example.org';
  const user = await insertAccount(services.db, {
    email,
    displayName: 'Banc d’essai',
    passwordHash: await hashPassword(PASSWORD),
    at: services.clock.now(),
  });
  await insertConsent(services.db, {
    userId: user.id,
    clientId: CLIENT_ID,
    consumerName: 'Portail du banc d’essai',
    subject: 'bench',
    scopes: ['openid', 'offline_access'],
    attributes: ['given_name'],
    refusedAttributes: [],
    wording: 'banc d’essai',
    at: services.clock.now(),
    grantId: null,
  });
  const host = new OidcProviderHost(services, await identityRuntime(services));
  const refreshToken = await refreshTokenFor(await host.current(), user.id);
  await app.listen({ port, host: '127.0.0.1' });
  return { port, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken, email, password: PASSWORD };
}

const mode = process.argv[2];
const target = mode === 'bare' ? await bare() : await communs();
process.stdout.write(`${JSON.stringify(target)}\n`);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
