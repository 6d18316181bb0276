import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, type JWK } from 'jose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { SESSION_COOKIE } from '../../../platform/auth/session-cookie.ts';
import { sessionIdOf } from '../../../platform/auth/log-in.ts';
import { deleteSession } from '../../../platform/auth/sessions.repo.ts';
import { renderHtml } from '../../../platform/http/render.tsx';
import { guardedFetch } from '../../../platform/outgoing/guarded-fetch.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Services } from '../../../platform/services.ts';
import { moduleState } from '../../../platform/app-module/module-state.ts';
import { ErrorPage } from '../../../platform/views/error-page.tsx';
import { findClient } from '../clients.repo.ts';
import { findConsentInForce, setConsentGrant } from '../consents.repo.ts';
import { type IdentityRuntime, identityRuntimeState, pairwiseSubject, sectorOf } from '../identity-runtime.ts';
import { isActiveAccount } from '../identity.repo.ts';
import { releasedClaims } from '../released-claims.ts';
import { LoggedOutPage, LogoutConfirmPage } from '../views/oidc-pages.tsx';
import { ACR, attributeOfClaim, oidcClaimsConfiguration, SCOPE_ATTRIBUTES } from './claims.ts';
import { defaultServiceApi, serviceApiByResource } from './service-apis.ts';
import { applyConsentToGrant } from './consent-grant.ts';
import { extendFormAction, staticPageContext } from './page-support.ts';
import { openFastWritePool, postgresAdapter } from './postgres-adapter.ts';
import { ensureSigningKey, loadSigningKeys, signingKeysFingerprint } from './signing-keys.ts';

/** Lifetimes, in seconds. */
export const OIDC_TTL = {
  AccessToken: 10 * 60,
  AuthorizationCode: 60,
  ClientCredentials: 10 * 60,
  IdToken: 60 * 60,
  Interaction: 60 * 60,
  RefreshToken: 30 * 24 * 60 * 60,
  Session: 12 * 60 * 60,
  Grant: 365 * 24 * 60 * 60,
} as const;

export function oidcIssuer(services: Services): string {
  return `${services.config.publicUrl}/oidc`;
}

function originOf(uri: unknown): string | null {
  if (typeof uri !== 'string') return null;
  try {
    return new URL(uri).origin;
  } catch {
    return null;
  }
}

/**
 * Builds oidc-provider's configuration. The library's development screens are off: interactions go to our own pages
 * (`/autorisation/<uid>`, on the commune's instance for a commune's portal), and the pages it renders itself (logout,
 * errors) are ours too.
 */
async function buildProvider(
  services: Services,
  runtime: IdentityRuntime,
  fastWrites: Kysely<DB> | null,
): Promise<{ provider: Provider; fingerprint: string; keys: JWK[] }> {
  const { db, config, logger } = services;
  const { keys, fingerprint } = await loadSigningKeys(services, runtime.box);

  const configuration: Configuration = {
    adapter: postgresAdapter(services, runtime, fastWrites),
    jwks: { keys: keys as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: [runtime.box.mac('oidc-provider-cookies')],
      long: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
      short: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
    },
    claims: oidcClaimsConfiguration(),
    scopes: Object.keys(SCOPE_ATTRIBUTES),
    acrValues: Object.values(ACR),
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: async (_ctx, accountId, client) =>
      pairwiseSubject(runtime.pairwiseSalt, sectorOf(client.redirectUris ?? []), accountId),
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    pkce: { required: () => true },
    // Outgoing calls go to addresses a commune's administrator registered (back-channel logout): the platform's
    // guard refuses internal addresses after resolution, in every environment, save the deployment's explicit
    // exceptions (a portal run on this machine in development, the tests' fake portals). The library's own guard,
    // passed as a dispatcher, has no such exceptions and is replaced by it.
    fetch: (url: string | URL | Request, options?: RequestInit) => {
      const { dispatcher: _libraryGuard, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
      return guardedFetch(config.outgoingAllowedAddresses)(url instanceof Request ? url.url : url, rest);
    },
    ttl: { ...OIDC_TTL },
    features: {
      devInteractions: { enabled: false },
      // A client learns about, and ends, only its own tokens (the library's default lets any confidential client
      // introspect any token: one commune's portal would see another's citizens).
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => {
          if (token.clientId !== client.clientId)
            throw new errors.InvalidRequest('ce jeton n’a pas été délivré à ce client');
          return true;
        },
      },
      userinfo: { enabled: true },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      backchannelLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const context = await staticPageContext(services);
          ctx.type = 'html';
          // The library hands over its form as HTML; we keep its target and token and render our own.
          const action = /action="([^"]+)"/.exec(form)?.[1] ?? '';
          const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
          ctx.body = renderHtml(
            LogoutConfirmPage({ context, clientName: ctx.oidc.client?.clientName ?? null, form: { action, xsrf } }),
          );
        },
        async postLogoutSuccessSource(ctx) {
          const context = await staticPageContext(services);
          ctx.type = 'html';
          ctx.body = renderHtml(LoggedOutPage({ context, clientName: ctx.oidc.client?.clientName ?? null }));
        },
      },
      resourceIndicators: {
        enabled: true,
        // Client-credentials tokens are for one of our APIs; tokens of a citizen's login stay for userinfo (and the
        // requests' API, which looks them up: identity/service-tokens.ts).
        async defaultResource(ctx) {
          return ctx.oidc.params?.grant_type === 'client_credentials'
            ? defaultServiceApi(services, ctx.oidc.params.scope).resource
            : undefined;
        },
        async getResourceServerInfo(_ctx, resourceIndicator, client) {
          const api = serviceApiByResource(services, resourceIndicator);
          if (!api) throw new errors.InvalidTarget();
          // A client has the client-credentials grant exactly when it may call these APIs (clients.repo.ts).
          if (!client.grantTypes?.includes('client_credentials'))
            throw new errors.InvalidTarget('ce client n’a pas accès aux API du service d’identité');
          // Self-contained tokens (RFC 9068 JWT, signed ES256): our API checks them without a lookup, and nothing is
          // stored per grant. A disabled client's tokens are refused by the API's check of the client itself.
          return {
            scope: api.scopes.join(' '),
            audience: api.resource,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
            accessTokenTTL: OIDC_TTL.ClientCredentials,
          };
        },
        async useGrantedResource() {
          return false;
        },
      },
    },
    interactions: {
      async url(ctx, interaction) {
        const clientId = interaction.params.client_id;
        const client = typeof clientId === 'string' ? await findClient(db, clientId) : undefined;
        const tenant = client ? await services.tenants.byId(client.tenant_id) : undefined;
        const base = tenant && tenant.kind === 'commune' ? `/c/${tenant.slug}` : '';
        return `${base}/autorisation/${interaction.uid}`;
      },
    },
    async findAccount(ctx, sub) {
      if (!(await isActiveAccount(db, sub))) return undefined;
      return {
        accountId: sub,
        // The second lock of consent: whatever the grant says, only attributes of the consent in force leave.
        claims: async (use, _scope, requested) => {
          // ID tokens carry only what the claims parameter asks for them (conformIdTokenClaims): often nothing of
          // the record, which then need not be read (every refresh issues an ID token).
          const wanted = Object.keys((requested ?? {}) as Record<string, unknown>);
          if (use === 'id_token' && !wanted.some((claim) => attributeOfClaim(claim))) return { sub: sub };
          return { sub: sub, ...(await releasedClaims(services, sub, ctx.oidc.client?.clientId ?? '')) };
        },
      };
    },
    // Consent lives in our table, not in the provider's session: it is reused across sessions and devices until the
    // citizen revokes it, and revoking it is immediately felt here.
    async loadExistingGrant(ctx) {
      const resultGrant = ctx.oidc.result?.consent?.grantId;
      if (resultGrant) return ctx.oidc.provider.Grant.find(resultGrant);
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const consent = await findConsentInForce(db, accountId, clientId);
      if (!consent) return undefined;
      if (consent.grant_id) {
        const existing = await ctx.oidc.provider.Grant.find(consent.grant_id);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ accountId, clientId });
      applyConsentToGrant(grant, consent);
      const grantId = await grant.save();
      await setConsentGrant(db, consent.id, grantId);
      return grant;
    },
    async renderError(ctx, out, error) {
      logger.info({ err: error, error: out.error, description: out.error_description }, 'oidc request refused');
      const context = await staticPageContext(services);
      ctx.type = 'html';
      const status = ctx.status >= 400 ? ctx.status : 400;
      ctx.body = renderHtml(
        ErrorPage({
          context,
          status,
          title: 'La connexion au service n’a pas abouti',
          detail: `Le service qui vous a envoyé ici a fait une demande que GrandLyon Connect ne peut pas satisfaire (${String(out.error ?? 'erreur')}). Retournez sur ce service et recommencez ; si le problème persiste, signalez-le-lui.`,
        }),
      );
    },
  };

  const provider = new Provider(oidcIssuer(services), configuration);
  provider.proxy = config.trustProxy;
  // Every endpoint the provider announces or checks (discovery, the token endpoint as an audience) is built from the
  // request's origin: it is the public address, whatever Host or X-Forwarded-Host a caller sends.
  const publicAddress = new URL(config.publicUrl);
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    Object.defineProperties(ctx.request, {
      protocol: { value: publicAddress.protocol.slice(0, -1) },
      host: { value: publicAddress.host },
      hostname: { value: publicAddress.hostname },
    });
    await next();
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => logger.error({ err: error }, 'oidc provider error'));
  provider.on('backchannel.error', (_ctx: unknown, error: Error) =>
    logger.warn({ err: error }, 'back-channel logout failed'),
  );

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const route = ctx.oidc?.route;
    // Pages that submit a form onwards to a relying party (logout confirmation, form_post responses) may do so to
    // that party's registered origin; everything else keeps the site's strict policy.
    if (ctx.status === 200 && ctx.type === 'text/html') {
      const targets = [originOf(ctx.oidc?.params?.post_logout_redirect_uri), originOf(ctx.oidc?.params?.redirect_uri)];
      extendFormAction(
        ctx.res,
        targets.filter((t): t is string => !!t),
      );
    }
    // Logging out of GrandLyon Connect also ends the Communs session of this browser: one login, one logout.
    if (route === 'end_session_confirm' && ctx.status === 303) {
      const token = ctx.cookies.get(SESSION_COOKIE);
      if (token) await deleteSession(db, sessionIdOf(token));
      ctx.append(
        'set-cookie',
        `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${config.secureCookies ? '; Secure' : ''}`,
      );
    }
  });
  return { provider, fingerprint, keys };
}

type BuiltProvider = {
  provider: Provider;
  fingerprint: string;
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  publicKeys: ReturnType<typeof createLocalJWKSet>;
};

/**
 * The provider of this process. Its key set is fixed when it is built, so it is rebuilt when the database's key set
 * changes (rotation): each web process looks again after a minute (of real time, or of the injected clock, which
 * tests move to rotate keys).
 */
export class OidcProviderHost {
  private built: BuiltProvider | null = null;
  /** The look (and build) in progress: requests arriving meanwhile share it rather than build a provider each. */
  private refreshing: Promise<BuiltProvider> | null = null;
  private checkedAt = 0;
  private checkedAtMonotonic = 0;
  private readonly fastWrites: Kysely<DB> | null;

  constructor(
    private readonly services: Services,
    private readonly runtime: IdentityRuntime,
    private readonly recheckMs = 60_000,
  ) {
    this.fastWrites = openFastWritePool(services);
  }

  async close(): Promise<void> {
    await this.fastWrites?.destroy();
  }

  async current(): Promise<Provider> {
    return (await this.ensure()).provider;
  }

  async handler(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
    return (await this.ensure()).handler;
  }

  /** The published keys, to verify the provider's own JWT access tokens. */
  async publicKeys(): Promise<ReturnType<typeof createLocalJWKSet>> {
    return (await this.ensure()).publicKeys;
  }

  private ensure(): Promise<BuiltProvider> {
    const now = this.services.clock.now().getTime();
    const monotonic = performance.now();
    if (
      this.built &&
      Math.abs(now - this.checkedAt) < this.recheckMs &&
      monotonic - this.checkedAtMonotonic < this.recheckMs
    )
      return Promise.resolve(this.built);
    // While one request looks, the others go on with the provider in hand (none yet: they wait for the same one).
    if (this.refreshing) return this.built ? Promise.resolve(this.built) : this.refreshing;
    this.checkedAt = now;
    this.checkedAtMonotonic = monotonic;
    this.refreshing = this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<BuiltProvider> {
    if (!this.built) await ensureSigningKey(this.services, this.runtime.box);
    const fingerprint = await signingKeysFingerprint(this.services.db);
    if (!this.built || this.built.fingerprint !== fingerprint) {
      const { provider, fingerprint: built, keys } = await buildProvider(this.services, this.runtime, this.fastWrites);
      const publicKeys = createLocalJWKSet({ keys: keys.map(({ d: _private, ...publicPart }) => publicPart) });
      this.built = {
        provider,
        fingerprint: built,
        handler: provider.callback() as unknown as (req: IncomingMessage, res: ServerResponse) => Promise<void>,
        publicKeys,
      };
    }
    return this.built;
  }
}

/** The provider of one application, built with its services (its write pool closed with them). */
export const providerHostState = moduleState(
  'identity.provider',
  (services) => new OidcProviderHost(services, services.states.get(identityRuntimeState)),
  (host) => host.close(),
);
