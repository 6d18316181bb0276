import { buildEService } from '../../../test/requests-factories.ts';
import { randomUUID } from 'node:crypto';
import { type IsolationCase, type IsolationWorld, operatorConsolePage } from '../../../test/cross-tenant/isolation.ts';

/**
 * The catalogue's routes. The catalogue is public, whoever provides a service; a service is reached through its
 * provider's instance, and another commune's instance does not know it.
 */
const built = new WeakMap<IsolationWorld, Promise<string>>();

function serviceOfA(world: IsolationWorld): Promise<string> {
  let slug = built.get(world);
  if (!slug) {
    slug = buildEService(world.t.services, world.communeA, {
      access: 'anonymous',
      form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
      settings: {
        office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
        legal: { kind: 'signalement' },
      },
    }).then((service) => service.slug);
    built.set(world, slug);
  }
  return slug;
}

export const catalogueCases: IsolationCase[] = [
  operatorConsolePage('/admin/catalogue-cle-en-main'),
  {
    route: 'POST /admin/catalogue-cle-en-main/:id',
    attempts: async ({ communeA }) => [
      {
        as: 'adminOfA',
        method: 'POST',
        url: `/admin/catalogue-cle-en-main/${randomUUID()}`,
        form: { turnkey: 'oui' },
        expect: 404,
      },
      {
        as: 'adminOfA',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/catalogue-cle-en-main/${randomUUID()}`,
        form: { turnkey: 'oui' },
        expect: 404,
      },
      {
        as: 'agentOfB',
        method: 'POST',
        url: `/admin/catalogue-cle-en-main/${randomUUID()}`,
        form: { turnkey: 'oui' },
        expect: 404,
      },
    ],
  },
  {
    route: 'GET /admin/demarches-cle-en-main',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/demarches-cle-en-main`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/demarches-cle-en-main`, expect: 404 },
      { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin/demarches-cle-en-main`, expect: 404 },
      // Commune A is Partenaire: the turnkey catalogue is not in its offer.
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/demarches-cle-en-main`, expect: 403 },
    ],
  },
  {
    route: 'POST /admin/demarches-cle-en-main',
    attempts: async ({ communeA }) => {
      const form = {
        model: randomUUID(),
        officeName: 'Intrus',
        officeEmail: 'intrus@example.org',
        officePhone: '0400000000',
      };
      const url = `/c/${communeA.slug}/admin/demarches-cle-en-main`;
      return [
        { as: 'adminOfB', method: 'POST', url, form, expect: 404 },
        { as: 'agentOfA', method: 'POST', url, form, expect: 404 },
        { as: 'citizen', method: 'POST', url, form, expect: 404 },
      ];
    },
  },
  { route: 'GET /demarches', public: 'the public catalogue (whoever provides a service, anyone finds it)' },
  { route: 'GET /api/services', public: 'the public catalogue (whoever provides a service, anyone finds it)' },
  {
    route: 'GET /api/services/:slug',
    attempts: async (world) => {
      const slug = await serviceOfA(world);
      return [
        { as: 'anonymous', method: 'GET', url: `/c/${world.communeA.slug}/api/services/${slug}`, expect: 200 },
        { as: 'agentOfB', method: 'GET', url: `/c/${world.communeB.slug}/api/services/${slug}`, expect: 404 },
      ];
    },
  },
  ...(['GET', 'POST'] as const).map((method): IsolationCase => ({
    route: `${method} /admin/agents/:userId/demarches`,
    attempts: async ({ communeA }) => {
      const url = `/c/${communeA.slug}/admin/agents/${randomUUID()}/demarches`;
      const form = method === 'POST' ? { demarches: randomUUID() } : undefined;
      return [
        { as: 'adminOfB', method, url, ...(form ? { form } : {}), expect: 404 },
        { as: 'agentOfA', method, url, ...(form ? { form } : {}), expect: 404 },
        { as: 'citizen', method, url, ...(form ? { form } : {}), expect: 404 },
        // A's administrator, on an id that is none of A's agents: nothing to show or change.
        { as: 'adminOfA', method, url, ...(form ? { form } : {}), expect: 404 },
      ];
    },
  })),
];
