import { buildEService } from '../../../test/requests-factories.ts';
import type { IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';

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
];
