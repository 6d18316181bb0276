import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A fake FranceConnect v2 or ProConnect for tests: a real oidc-provider on a loopback port (FranceConnect itself runs
 * on oidc-provider), under /api/v2 like the real ones, with keys generated here, a signed JWT userinfo, and the
 * partners' rules enforced: documented authorize parameters only, `state` and `nonce` of 32 characters at least,
 * `acr_values` eidas1–3 for FranceConnect, end-session with id_token_hint, state and a registered
 * post_logout_redirect_uri. It logs in whoever `person` says, without a screen.
 */
export type PartnerKind = 'franceconnect' | 'proconnect';

export type FakePerson = { sub: string; claims: Record<string, string>; acr?: string };

export type FakePartner = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who logs in next. */
  person: FakePerson;
  /** When true, the userinfo JWT is altered in transit after signing (its signature no longer matches). */
  tamperUserinfo: boolean;
  /** Every authorization request received, as sent. */
  authorizeRequests: URLSearchParams[];
  endSessionRequests: URLSearchParams[];
  /** Refusals the fake made (the rule a relying party broke). */
  refusals: string[];
  close(): Promise<void>;
};

const FC_SCOPES: Record<string, string[]> = {
  given_name: ['given_name'],
  family_name: ['family_name'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  email: ['email'],
  preferred_username: ['preferred_username'],
  profile: ['family_name', 'given_name', 'preferred_username', 'gender', 'birthdate'],
  birth: ['birthplace', 'birthcountry'],
  identite_pivot: ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'],
};

const PC_SCOPES: Record<string, string[]> = {
  given_name: ['given_name'],
  usual_name: ['usual_name'],
  email: ['email'],
  uid: ['uid'],
  siret: ['siret'],
  idp_id: ['idp_id'],
  phone: ['phone_number'],
};

const AUTHORIZE_PARAMETERS: Record<PartnerKind, Set<string>> = {
  franceconnect: new Set([
    'response_type',
    'client_id',
    'redirect_uri',
    'scope',
    'acr_values',
    'state',
    'nonce',
    'prompt',
    'claims',
  ]),
  proconnect: new Set([
    'response_type',
    'client_id',
    'redirect_uri',
    'scope',
    'acr_values',
    'state',
    'nonce',
    'prompt',
    'claims',
    'idp_hint',
  ]),
};

export async function startFakePartner(options: {
  kind: PartnerKind;
  redirectUri: string;
  postLogoutRedirectUri: string;
  person: FakePerson;
}): Promise<FakePartner> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/api/v2`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: `${options.kind}-test-key`, alg: 'ES256', use: 'sig' };
  const scopes = options.kind === 'franceconnect' ? FC_SCOPES : PC_SCOPES;
  const fake: FakePartner = {
    issuer,
    clientId: `communs-${options.kind}`,
    clientSecret: `secret-${options.kind}-0123456789abcdef0123456789`,
    person: options.person,
    tamperUserinfo: false,
    authorizeRequests: [],
    endSessionRequests: [],
    refusals: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const configuration: Configuration = {
    clients: [
      {
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
        userinfo_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [jwk] as NonNullable<Configuration['jwks']>['keys'] },
    routes: {
      authorization: '/authorize',
      token: '/token',
      userinfo: '/userinfo',
      jwks: '/jwks',
      end_session: '/session/end',
    },
    claims: { openid: ['sub'], ...(options.kind === 'proconnect' ? { amr: null } : {}), ...scopes },
    scopes: ['openid', ...Object.keys(scopes)],
    acrValues: options.kind === 'franceconnect' ? ['eidas1', 'eidas2', 'eidas3'] : ['eidas1'],
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      claimsParameter: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // FranceConnect ends its session without asking: the page confirms itself (a test agent submits the form).
        async logoutSource(ctx, form) {
          ctx.body = `<!doctype html><html lang="fr"><body>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}<script>document.forms[0].submit()</script></body></html>`;
        },
      },
    },
    pkce: { required: () => false },
    ttl: { AccessToken: 60, AuthorizationCode: 30, IdToken: 60, Interaction: 600, Session: 600, Grant: 600 },
    interactions: { url: (_ctx, interaction) => `/api/v2/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub, ...fake.person.claims }) };
    },
  };
  const provider = new Provider(issuer, configuration);

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    const refuse = (rule: string) => {
      fake.refusals.push(rule);
      ctx.status = 400;
      ctx.type = 'text/plain';
      ctx.body = `Y000400 ${rule}`;
    };
    if (ctx.path === '/authorize') {
      const params = new URLSearchParams(ctx.querystring);
      fake.authorizeRequests.push(params);
      const unknown = [...params.keys()].filter((k) => !AUTHORIZE_PARAMETERS[options.kind].has(k));
      if (unknown.length) return refuse(`paramètre non documenté : ${unknown.join(', ')}`);
      if ((params.get('state') ?? '').length < 32) return refuse('state trop court');
      if ((params.get('nonce') ?? '').length < 32) return refuse('nonce trop court');
      if (options.kind === 'franceconnect' && !['eidas1', 'eidas2', 'eidas3'].includes(params.get('acr_values') ?? ''))
        return refuse('acr_values manquant');
    }
    if (ctx.path === '/session/end' && ctx.method === 'GET') {
      const params = new URLSearchParams(ctx.querystring);
      fake.endSessionRequests.push(params);
      if (!params.get('id_token_hint') || !params.get('state') || !params.get('post_logout_redirect_uri'))
        return refuse('déconnexion incomplète');
    }
    await next();
    if (ctx.path === '/userinfo' && fake.tamperUserinfo && typeof ctx.body === 'string') {
      const [header, payload, signature] = ctx.body.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
      claims.family_name = 'USURPATEUR';
      ctx.body = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    }
  });

  const callback = provider.callback();
  server.on('request', (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/v2/interaction/')) {
      void finishInteraction(provider, fake, req, res);
      return;
    }
    if (!url.startsWith('/api/v2')) {
      res.writeHead(404).end();
      return;
    }
    req.originalUrl = url;
    req.url = url.slice('/api/v2'.length) || '/';
    void callback(req, res);
  });
  return fake;
}

/** No screen: the person given logs in at the level asked for, and consents to what is asked. */
async function finishInteraction(
  provider: Provider,
  fake: FakePartner,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      const acr = fake.person.acr ?? String(details.params.acr_values ?? 'eidas1').split(' ')[0];
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: fake.person.sub, acr, amr: ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new provider.Grant({
      accountId: String(details.session?.accountId),
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    if (typeof details.params.claims === 'string') {
      const requested = JSON.parse(details.params.claims) as Record<string, Record<string, unknown>>;
      grant.addOIDCClaims([...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})]);
    }
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
}

/** The pivot identity FranceConnect returns for a person born in Lyon. */
export function franceConnectCitizen(overrides: Partial<Record<string, string>> = {}, sub = 'fc-sub-0001'): FakePerson {
  return {
    sub,
    claims: {
      given_name: 'Angela Claire Louise',
      family_name: 'DUBOIS',
      birthdate: '1962-08-24',
      gender: 'female',
      birthplace: '69123',
      birthcountry: '99100',
      email: 'angela.dubois@example.org',
      preferred_username: '',
      ...overrides,
    } as Record<string, string>,
  };
}
