import type { Attempt, IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { createStudioService } from './create-service.ts';
import { starterDraft } from './service-draft.ts';

/**
 * The studio of commune A: its administrators (and the metropolis's operators) build there; commune B's people,
 * citizens and anonymous visitors reach nothing of it, not even through B's own studio with A's service id.
 */
const built = new WeakMap<IsolationWorld, Promise<string>>();

function serviceOfA(world: IsolationWorld): Promise<string> {
  let id = built.get(world);
  if (!id) {
    id = createStudioService(
      world.t.services,
      { tenant: world.communeA, actor: SYSTEM_ACTOR },
      {
        slug: `isolation-${Math.random().toString(36).slice(2, 8)}`,
        draft: starterDraft({
          title: 'Service de A',
          office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
          mutualised: false,
        }),
        note: 'Service créé.',
      },
    ).then((created) => {
      if (!created.ok) throw new Error('isolation service not created');
      return created.id;
    });
    built.set(world, id);
  }
  return id;
}

const FORMS: Record<string, Record<string, string>> = {
  service: { titre: 'Piraté', acces: 'anonymous', bureau: 'X', telephone: '1', regime: 'signalement' },
  champs: { operation: 'ajouter', type: 'text' },
  'champs/objet': { cle: 'objet', libelle: 'Piraté', obligatoire: 'oui' },
  publier: {},
  disponibilite: { etat: 'hors-ligne', message: 'Piraté' },
  promouvoir: {},
  circuit: { operation: 'ajouter-statut', cle: 'pirate', nom: 'Piraté' },
};

function serviceRoute(method: 'GET' | 'POST', suffix: string, ownerSees: number): IsolationCase {
  const path = suffix ? `/admin/studio/:id/${suffix === 'champs/objet' ? 'champs/:key' : suffix}` : '/admin/studio/:id';
  return {
    route: `${method} ${path}`,
    attempts: async (world) => {
      const id = await serviceOfA(world);
      const tail = suffix ? `/${suffix}` : '';
      const on = (slug: string) => `/c/${slug}/admin/studio/${id}${tail}`;
      const form = method === 'POST' ? { form: FORMS[suffix] ?? {} } : {};
      const attempts: Attempt[] = [
        { as: 'adminOfB', method, url: on(world.communeB.slug), expect: 404, ...form },
        { as: 'adminOfB', method, url: on(world.communeA.slug), expect: 404, ...form },
        { as: 'agentOfA', method, url: on(world.communeA.slug), expect: 404, ...form },
        { as: 'citizen', method, url: on(world.communeA.slug), expect: 404, ...form },
        { as: 'anonymous', method, url: on(world.communeA.slug), expect: method === 'GET' ? 303 : 401 },
      ];
      if (method === 'GET') attempts.push({ as: 'adminOfA', method, url: on(world.communeA.slug), expect: ownerSees });
      return attempts;
    },
  };
}

export const studioCases: IsolationCase[] = [
  {
    route: 'GET /admin/studio',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/studio`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/studio`, expect: 404 },
      { as: 'citizen', method: 'GET', url: '/admin/studio', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: '/admin/studio', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/studio`, expect: 200 },
      { as: 'operator', method: 'GET', url: '/admin/studio', expect: 200 },
    ],
  },
  {
    route: 'POST /admin/studio',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'POST', url: `/c/${communeA.slug}/admin/studio`, form: { titre: 'X' }, expect: 404 },
      { as: 'agentOfA', method: 'POST', url: `/c/${communeA.slug}/admin/studio`, form: { titre: 'X' }, expect: 404 },
    ],
  },
  {
    route: 'POST /admin/studio/import',
    attempts: async ({ communeA }) => [
      {
        as: 'adminOfB',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/studio/import`,
        form: { bundle: '{}' },
        expect: 404,
      },
      {
        as: 'citizen',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/studio/import`,
        form: { bundle: '{}' },
        expect: 404,
      },
    ],
  },
  serviceRoute('GET', '', 200),
  serviceRoute('POST', 'service', 0),
  serviceRoute('POST', 'champs', 0),
  serviceRoute('GET', 'champs/objet', 200),
  serviceRoute('POST', 'champs/objet', 0),
  serviceRoute('POST', 'publier', 0),
  serviceRoute('POST', 'disponibilite', 0),
  serviceRoute('POST', 'promouvoir', 0),
  serviceRoute('GET', 'export', 200),
  serviceRoute('GET', 'apercu', 200),
  serviceRoute('GET', 'circuit', 200),
  serviceRoute('POST', 'circuit', 0),
  serviceRoute('GET', 'versions', 200),
];
