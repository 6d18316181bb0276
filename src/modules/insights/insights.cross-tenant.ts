import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';

/**
 * The usage statistics as other tenants' people try them: commune A's figures are A's referents' (and the
 * metropolis's operators', on the metropolis's instance); the metropolis-wide figures and their publication are the
 * operators'.
 */
export const insightsCases: IsolationCase[] = [
  {
    route: 'GET /statistiques-usage',
    attempts: async (world) => {
      const a = `/c/${world.communeA.slug}/statistiques-usage`;
      return [
        { as: 'adminOfB', method: 'GET', url: a, expect: 404 },
        { as: 'agentOfB', method: 'GET', url: a, expect: 404 },
        { as: 'citizen', method: 'GET', url: a, expect: 404 },
        { as: 'anonymous', method: 'GET', url: a, expect: 303 },
        // The metropolis's instance has no commune figures of its own.
        { as: 'operator', method: 'GET', url: '/statistiques-usage', expect: 404 },
        { as: 'agentOfA', method: 'GET', url: a, expect: 200 },
        { as: 'adminOfA', method: 'GET', url: `${a}?format=csv`, expect: 200 },
      ];
    },
  },
  {
    route: 'GET /admin/statistiques-usage',
    attempts: async (world) => [
      { as: 'adminOfA', method: 'GET', url: '/admin/statistiques-usage', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${world.communeA.slug}/admin/statistiques-usage`, expect: 404 },
      { as: 'citizen', method: 'GET', url: '/admin/statistiques-usage?format=csv', expect: 404 },
      { as: 'operator', method: 'GET', url: '/admin/statistiques-usage', expect: 200 },
    ],
  },
  {
    route: 'GET /admin/statistiques-usage/:slug',
    attempts: async (world) => {
      const url = `/admin/statistiques-usage/${world.communeA.slug}`;
      return [
        { as: 'adminOfA', method: 'GET', url, expect: 404 },
        { as: 'adminOfB', method: 'GET', url: `/c/${world.communeB.slug}${url}`, expect: 404 },
        { as: 'agentOfA', method: 'GET', url: `/c/${world.communeA.slug}${url}`, expect: 404 },
        { as: 'operator', method: 'GET', url, expect: 200 },
      ];
    },
  },
  {
    route: 'POST /admin/statistiques-usage/publication',
    attempts: async (world) => [
      {
        as: 'adminOfA',
        method: 'POST',
        url: '/admin/statistiques-usage/publication',
        form: { annee: '2026' },
        expect: 404,
      },
      {
        as: 'adminOfA',
        method: 'POST',
        url: `/c/${world.communeA.slug}/admin/statistiques-usage/publication`,
        form: { annee: '2026' },
        expect: 404,
      },
      {
        as: 'citizen',
        method: 'POST',
        url: '/admin/statistiques-usage/publication',
        form: { annee: '2026' },
        expect: 404,
      },
    ],
  },
];
