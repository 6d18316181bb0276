import type { IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { registerClient } from './register-client.ts';

/** A portal of commune A, approved, for the attempts below. */
async function clientOfA({ t, communeA }: IsolationWorld): Promise<string> {
  const result = await registerClient(t.services, {
    tenant: communeA,
    actor: SYSTEM_ACTOR,
    name: 'Portail de A',
    redirectUris: ['https://portail.commune-a.example/callback'],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['profile'],
    serviceApi: false,
    approved: true,
  });
  if (!result.ok) throw new Error('client of A not registered');
  return result.client.id;
}

const OWN_ACCOUNT = 'acts on the caller’s own account only (401 → login when anonymous); tested in account.test.ts';

/** The identity service's routes. The account pages only ever show or change the caller's own data. */
export const identityCases: IsolationCase[] = [
  // Protocol endpoints: they carry no tenant's objects; their own defences are the protocol's (client authentication,
  // PKCE, state, the provider's interaction and session cookies).
  {
    route: 'GET /oidc/*',
    public:
      'OpenID Connect provider (discovery, JWKS, authorize, userinfo with a bearer token): public protocol endpoints',
  },
  {
    route: 'POST /oidc/*',
    public: 'OpenID Connect provider (token, introspection, revocation: client-authenticated; logout: provider xsrf)',
  },
  {
    route: 'GET /autorisation/:uid',
    public:
      'an authorization request’s page, bound to the browser that started it by the provider’s cookie (404 otherwise)',
  },
  {
    route: 'POST /autorisation/:uid/consentement',
    public:
      'consent of the signed-in citizen to their own interaction (404 for anyone else); tested in oidc-provider.test.ts',
  },
  { route: 'GET /franceconnect/connexion', public: 'starts a FranceConnect login (404 when not configured)' },
  {
    route: 'GET /franceconnect/retour',
    public: 'FranceConnect callback, bound to the browser that started it (state + cookie)',
  },
  { route: 'GET /franceconnect/deconnexion', public: 'return from FranceConnect’s logout' },
  { route: 'GET /proconnect/connexion', public: 'starts a ProConnect login (404 when not configured)' },
  {
    route: 'GET /proconnect/retour',
    public: 'ProConnect callback, bound to the browser that started it (state + cookie)',
  },
  { route: 'GET /proconnect/deconnexion', public: 'return from ProConnect’s logout' },
  { route: 'GET /identite/kit', public: 'public documentation of the connection kit' },
  // Credentials: forms and e-mail links.
  { route: 'GET /connexion', public: 'login form' },
  { route: 'POST /connexion', public: 'login (throttled, tested in login.test.ts)' },
  { route: 'POST /deconnexion', public: 'ends only the caller’s own session' },
  { route: 'GET /connexion/code', public: 'second-factor form of a login in progress (cookie-bound)' },
  {
    route: 'POST /connexion/code',
    public: 'second factor of the login in progress in this browser (throttled); tested in account.test.ts',
  },
  { route: 'GET /inscription', public: 'sign-up form' },
  {
    route: 'POST /inscription',
    public: 'sign-up: sends a confirmation link; the page never says whether the address has an account',
  },
  { route: 'GET /inscription/confirmer', public: 'page of an e-mail link (the token is the credential)' },
  { route: 'POST /inscription/confirmer', public: 'activation by e-mail token' },
  { route: 'GET /mot-de-passe-oublie', public: 'forgotten password form' },
  {
    route: 'POST /mot-de-passe-oublie',
    public: 'sends a reset link if the address has an account; same answer either way',
  },
  { route: 'GET /mot-de-passe/nouveau', public: 'page of a reset link (the token is the credential)' },
  { route: 'POST /mot-de-passe/nouveau', public: 'new password by e-mail token' },
  {
    route: 'GET /compte/adresse-electronique/confirmer',
    public: 'page of an e-mail link (the token is the credential)',
  },
  { route: 'POST /compte/adresse-electronique/confirmer', public: 'e-mail change by token sent to the new address' },
  // The citizen's own account.
  {
    route: 'GET /compte',
    public: 'shows only the caller’s own account (401 → login when anonymous, tested in login.test.ts)',
  },
  { route: 'POST /compte/autres-sessions', public: 'ends only the caller’s own other sessions' },
  ...[
    'GET /compte/identite',
    'POST /compte/identite',
    'GET /compte/mot-de-passe',
    'POST /compte/mot-de-passe',
    'GET /compte/adresse-electronique',
    'POST /compte/adresse-electronique',
    'GET /compte/double-authentification',
    'POST /compte/double-authentification',
    'POST /compte/double-authentification/desactivation',
    'POST /compte/franceconnect/retrait',
    'GET /compte/donnees.json',
    'GET /compte/donnees.zip',
    'GET /compte/suppression',
    'POST /compte/suppression',
  ].map((route): IsolationCase => ({ route, public: OWN_ACCOUNT })),
  {
    route: 'POST /compte/autorisations/:clientId/retrait',
    attempts: async (world) => {
      const id = await clientOfA(world);
      return [
        // Nobody can withdraw a consent they did not give: the consent is looked up among the caller's own.
        { as: 'adminOfA', method: 'POST', url: `/compte/autorisations/${id}/retrait`, expect: 404 },
        { as: 'citizen', method: 'POST', url: `/compte/autorisations/${id}/retrait`, expect: 404 },
        { as: 'operator', method: 'POST', url: `/compte/autorisations/${id}/retrait`, expect: 404 },
      ];
    },
  },
  // The connection kit's administration.
  {
    route: 'GET /admin/identite',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/identite`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/identite`, expect: 404 },
      { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin/identite`, expect: 404 },
      { as: 'anonymous', method: 'GET', url: `/c/${communeA.slug}/admin/identite`, expect: 303 },
      { as: 'adminOfA', method: 'GET', url: '/admin/identite', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/identite`, expect: 200 },
      { as: 'operator', method: 'GET', url: '/admin/identite', expect: 200 },
    ],
  },
  {
    route: 'GET /admin/identite/nouveau',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/identite/nouveau`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/identite/nouveau`, expect: 404 },
      { as: 'adminOfA', method: 'GET', url: '/admin/identite/nouveau', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/identite/nouveau`, expect: 200 },
    ],
  },
  {
    route: 'POST /admin/identite/nouveau',
    attempts: async ({ communeA }) => {
      const form = { name: 'Portail pirate', redirectUris: 'https://pirate.example/callback' };
      return [
        { as: 'adminOfB', method: 'POST', url: `/c/${communeA.slug}/admin/identite/nouveau`, form, expect: 404 },
        { as: 'agentOfA', method: 'POST', url: `/c/${communeA.slug}/admin/identite/nouveau`, form, expect: 404 },
        { as: 'citizen', method: 'POST', url: `/c/${communeA.slug}/admin/identite/nouveau`, form, expect: 404 },
        // A commune administrator cannot register on the metropolis's instance (where the collectivity is chosen).
        { as: 'adminOfA', method: 'POST', url: '/admin/identite/nouveau', form, expect: 404 },
      ];
    },
  },
  {
    route: 'GET /admin/identite/:clientId',
    attempts: async (world) => {
      const id = await clientOfA(world);
      const { communeA, communeB } = world;
      return [
        { as: 'adminOfB', method: 'GET', url: `/c/${communeB.slug}/admin/identite/${id}`, expect: 404 },
        { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/identite/${id}`, expect: 404 },
        { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/identite/${id}`, expect: 404 },
        { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin/identite/${id}`, expect: 404 },
        { as: 'adminOfA', method: 'GET', url: `/admin/identite/${id}`, expect: 404 },
        { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/identite/${id}`, expect: 200 },
        { as: 'operator', method: 'GET', url: `/admin/identite/${id}`, expect: 200 },
      ];
    },
  },
  ...['approbation', 'desactivation'].map((action): IsolationCase => ({
    route: `POST /admin/identite/:clientId/${action}`,
    attempts: async (world) => {
      const id = await clientOfA(world);
      const { communeA } = world;
      return [
        // Only metropolis operators approve or disable portals.
        { as: 'adminOfA', method: 'POST', url: `/c/${communeA.slug}/admin/identite/${id}/${action}`, expect: 404 },
        { as: 'adminOfA', method: 'POST', url: `/admin/identite/${id}/${action}`, expect: 404 },
        { as: 'adminOfB', method: 'POST', url: `/admin/identite/${id}/${action}`, expect: 404 },
        { as: 'citizen', method: 'POST', url: `/admin/identite/${id}/${action}`, expect: 404 },
      ];
    },
  })),
  {
    route: 'POST /admin/identite/:clientId/secret',
    attempts: async (world) => {
      const id = await clientOfA(world);
      const { communeA, communeB } = world;
      return [
        { as: 'adminOfB', method: 'POST', url: `/c/${communeB.slug}/admin/identite/${id}/secret`, expect: 404 },
        { as: 'adminOfB', method: 'POST', url: `/c/${communeA.slug}/admin/identite/${id}/secret`, expect: 404 },
        { as: 'agentOfA', method: 'POST', url: `/c/${communeA.slug}/admin/identite/${id}/secret`, expect: 404 },
        { as: 'citizen', method: 'POST', url: `/c/${communeA.slug}/admin/identite/${id}/secret`, expect: 404 },
        { as: 'adminOfA', method: 'POST', url: `/admin/identite/${id}/secret`, expect: 404 },
      ];
    },
  },
  // The identity service's API: client-credentials tokens only; a session is not enough.
  ...[
    ['GET', '/api/identity/deleted-accounts', '/api/identity/deleted-accounts?since=2026-01-01T00:00:00Z'],
    ['POST', '/api/identity/deleted-accounts/sync', '/api/identity/deleted-accounts/sync'],
    ['POST', '/api/identity/keepalive', '/api/identity/keepalive'],
  ].map(([method, route, url]): IsolationCase => ({
    route: `${method} ${route}`,
    attempts: async () => {
      const m = method as 'GET' | 'POST';
      const json = m === 'POST' ? { subs: ['x'] } : undefined;
      return [
        { as: 'anonymous', method: m, url: url!, ...(json ? { json } : {}), expect: 401 },
        { as: 'operator', method: m, url: url!, ...(json ? { json } : {}), expect: 401 },
        { as: 'adminOfA', method: m, url: url!, ...(json ? { json } : {}), expect: 401 },
      ];
    },
  })),
];
