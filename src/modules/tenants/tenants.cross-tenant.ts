import { randomBytes, randomUUID } from 'node:crypto';
import { type IsolationCase, type IsolationWorld, operatorConsolePage } from '../../../test/cross-tenant/isolation.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { insertInvitation } from './agents.repo.ts';
import { invitationTokenHash } from './invite-agent.ts';

/** A live invitation of commune A, and the token its e-mail would carry. */
async function invitationOfA({ t, communeA }: IsolationWorld): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const at = t.services.clock.now();
  await withTenant(t.services.db, communeA.id, (trx) =>
    insertInvitation(trx, {
      email: `invitee.${token.slice(0, 8).toLowerCase()}@example.org`,
      displayName: 'Invité de A',
      role: 'agent',
      tokenHash: invitationTokenHash(token),
      invitedBy: null,
      at,
      expiresAt: new Date(at.getTime() + 86_400_000),
    }),
  );
  return token;
}

/** A POST on commune A's agents that only A's administrators (or operators) may make. */
const agentChange = (
  route: string,
  path: (id: string) => string,
  form: Record<string, string> = {},
): IsolationCase => ({
  route,
  attempts: async ({ communeA }) => {
    const url = `/c/${communeA.slug}${path(randomUUID())}`;
    return [
      { as: 'adminOfB', method: 'POST', url, form, expect: 404 },
      { as: 'agentOfA', method: 'POST', url, form, expect: 404 },
      { as: 'citizen', method: 'POST', url, form, expect: 404 },
      // A's administrator, on an id that is none of A's agents: nothing to change.
      { as: 'adminOfA', method: 'POST', url, form, expect: 404 },
    ];
  },
});

/** The directory of communes, each commune's administration, the operators' subscription pages. */
export const tenantsCases: IsolationCase[] = [
  { route: 'GET /communes', public: 'public directory of communes and their offers' },
  { route: 'GET /api/communes', public: 'public directory of communes and their offers' },
  { route: 'GET /api/communes/:slug', public: 'public directory of communes and their offers' },
  {
    route: 'GET /admin',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 404 },
      { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 404 },
      { as: 'anonymous', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 303 },
      { as: 'adminOfA', method: 'GET', url: '/admin', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 200 },
      { as: 'operator', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 200 },
    ],
  },
  {
    route: 'GET /admin/apparence',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 404 },
      { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 200 },
    ],
  },
  {
    route: 'POST /admin/apparence',
    attempts: async ({ communeA }) => [
      {
        as: 'adminOfB',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/apparence`,
        form: { primary: '#000000' },
        expect: 404,
      },
      {
        as: 'agentOfA',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/apparence`,
        form: { primary: '#000000' },
        expect: 404,
      },
      {
        as: 'citizen',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/apparence`,
        form: { primary: '#000000' },
        expect: 404,
      },
    ],
  },
  ...['/admin/apparence/apercu', '/admin/apparence/apercu.css', '/admin/apparence/apercu/logo'].map(
    (path): IsolationCase => ({
      route: `GET ${path}`,
      attempts: async ({ communeA }) => [
        { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
        { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
        { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
      ],
    }),
  ),
  {
    route: 'POST /admin/apparence/publier',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'POST', url: `/c/${communeA.slug}/admin/apparence/publier`, form: {}, expect: 404 },
      { as: 'agentOfA', method: 'POST', url: `/c/${communeA.slug}/admin/apparence/publier`, form: {}, expect: 404 },
      { as: 'citizen', method: 'POST', url: `/c/${communeA.slug}/admin/apparence/publier`, form: {}, expect: 404 },
    ],
  },
  {
    route: 'GET /admin/agents',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/agents`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/agents`, expect: 404 },
      { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin/agents`, expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/agents`, expect: 200 },
      { as: 'operator', method: 'GET', url: `/c/${communeA.slug}/admin/agents`, expect: 200 },
    ],
  },
  {
    route: 'POST /admin/agents/invitations',
    attempts: async ({ communeA }) => {
      const form = { displayName: 'Intrus', email: 'intrus@example.org', role: 'admin' };
      const url = `/c/${communeA.slug}/admin/agents/invitations`;
      return [
        { as: 'adminOfB', method: 'POST', url, form, expect: 404 },
        { as: 'agentOfA', method: 'POST', url, form, expect: 404 },
        { as: 'citizen', method: 'POST', url, form, expect: 404 },
      ];
    },
  },
  agentChange('POST /admin/agents/:userId/role', (id) => `/admin/agents/${id}/role`, { role: 'admin' }),
  agentChange('POST /admin/agents/:userId/suspension', (id) => `/admin/agents/${id}/suspension`),
  agentChange('POST /admin/agents/:userId/retablissement', (id) => `/admin/agents/${id}/retablissement`),
  agentChange('POST /admin/agents/:userId/retrait', (id) => `/admin/agents/${id}/retrait`),
  agentChange('POST /admin/agents/invitations/:id/annulation', (id) => `/admin/agents/invitations/${id}/annulation`),
  {
    // An invitation works on its commune's instance only: its link under another commune names nothing.
    route: 'GET /invitation/:token',
    attempts: async (world) => {
      const token = await invitationOfA(world);
      return [
        { as: 'anonymous', method: 'GET', url: `/c/${world.communeB.slug}/invitation/${token}`, expect: 404 },
        { as: 'adminOfB', method: 'GET', url: `/c/${world.communeB.slug}/invitation/${token}`, expect: 404 },
        { as: 'anonymous', method: 'GET', url: `/c/${world.communeA.slug}/invitation/${token}`, expect: 200 },
      ];
    },
  },
  {
    route: 'POST /invitation/:token',
    attempts: async (world) => {
      const token = await invitationOfA(world);
      return [
        { as: 'agentOfB', method: 'POST', url: `/c/${world.communeB.slug}/invitation/${token}`, form: {}, expect: 404 },
        { as: 'adminOfB', method: 'POST', url: `/c/${world.communeB.slug}/invitation/${token}`, form: {}, expect: 404 },
      ];
    },
  },
  operatorConsolePage('/admin/communes'),
  {
    route: 'GET /admin/communes/:slug',
    attempts: async ({ communeA }) => [
      { as: 'adminOfA', method: 'GET', url: `/admin/communes/${communeA.slug}`, expect: 404 },
      { as: 'adminOfB', method: 'GET', url: `/admin/communes/${communeA.slug}`, expect: 404 },
      { as: 'operator', method: 'GET', url: `/admin/communes/${communeA.slug}`, expect: 200 },
    ],
  },
  {
    route: 'POST /admin/communes/:slug',
    attempts: async ({ communeA }) => [
      {
        as: 'adminOfA',
        method: 'POST',
        url: `/admin/communes/${communeA.slug}`,
        form: { toodego: 'none' },
        expect: 404,
      },
      {
        as: 'adminOfB',
        method: 'POST',
        url: `/admin/communes/${communeA.slug}`,
        form: { toodego: 'none' },
        expect: 404,
      },
    ],
  },
];
