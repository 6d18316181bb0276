import { type Attempt, type IsolationCase, perWorld } from '../../../test/cross-tenant/isolation.ts';
import { buildUser } from '../../../test/factories.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { configurePetale } from './configure-petale.ts';
import { acceptConsent } from './petale-consent.ts';
import { addPetaleDocument } from './petale-documents.ts';
import { DEFAULT_CONSENT_TEXT, petaleSetting } from './petale-setting.ts';

/**
 * The pétale space as everyone but its owner tries it (G9): the space is commune A's here (the operators' setting),
 * a person's documents are theirs alone — not A's agents' or administrators', not the operators', not another
 * citizen's — and the space does not exist on any other instance.
 */
const fixturesOf = perWorld(async (world) => {
  const { services } = world.t;
  await configurePetale(services, {
    current: await petaleSetting(services),
    commune: world.communeA,
    consentText: DEFAULT_CONSENT_TEXT,
    retentionMonths: 12,
    actor: SYSTEM_ACTOR,
  });
  const setting = await petaleSetting(services);
  if (!setting) throw new Error('pétale not configured');
  const owner = await buildUser(services);
  await acceptConsent(services, { setting, userId: owner.id, actor: SYSTEM_ACTOR });
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  await addPetaleDocument(services, {
    setting,
    userId: owner.id,
    label: 'Document du propriétaire',
    upload: { filename: 'piece.pdf', bytes: pdf, truncated: false },
    actor: SYSTEM_ACTOR,
  });
  const document = await services.db
    .selectFrom('petale_document')
    .select('id')
    .where('user_id', '=', owner.id)
    .executeTakeFirstOrThrow();
  return { documentId: document.id };
});

type Fixtures = Awaited<ReturnType<typeof fixturesOf>>;

/** A space page: nobody reaches it on B's instance or the metropolis's; on A, each person sees only their own. */
function space(
  method: 'GET' | 'POST',
  route: string,
  path: (f: Fixtures) => string,
  form?: Record<string, string>,
  onA?: { as: Attempt['as']; expect: number },
): IsolationCase {
  return {
    route: `${method} ${route}`,
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const a = `/c/${world.communeA.slug}${path(f)}`;
      const b = `/c/${world.communeB.slug}${path(f)}`;
      const attempts: Attempt[] = [
        { as: 'citizen', method, url: b, form, expect: 404 },
        { as: 'adminOfB', method, url: b, form, expect: 404 },
        { as: 'operator', method, url: path(f), form, expect: 404 },
      ];
      if (route.includes(':id'))
        for (const as of ['citizen', 'agentOfA', 'adminOfA', 'adminOfB', 'operator'] as const)
          attempts.push({ as, method, url: a, form, expect: 404 });
      if (onA) attempts.push({ ...onA, method, url: a, form });
      return attempts;
    },
  };
}

function setting(method: 'GET' | 'POST', form?: Record<string, string>): IsolationCase {
  return {
    route: `${method} /admin/petale`,
    attempts: async (world) => {
      const attempts: Attempt[] = [
        { as: 'adminOfA', method, url: '/admin/petale', form, expect: 404 },
        { as: 'adminOfA', method, url: `/c/${world.communeA.slug}/admin/petale`, form, expect: 404 },
        { as: 'citizen', method, url: '/admin/petale', form, expect: 404 },
      ];
      if (method === 'GET') attempts.push({ as: 'operator', method, url: '/admin/petale', expect: 200 });
      return attempts;
    },
  };
}

export const petaleCases: IsolationCase[] = [
  space('GET', '/petale', () => '/petale', undefined, { as: 'anonymous', expect: 303 }),
  space('POST', '/petale/consentement', () => '/petale/consentement', { accept: 'oui' }),
  space('POST', '/petale/documents', () => '/petale/documents', { label: 'Intrusion' }),
  space('GET', '/petale/documents/:id', (f) => `/petale/documents/${f.documentId}`),
  space('POST', '/petale/documents/:id/suppression', (f) => `/petale/documents/${f.documentId}/suppression`),
  space('POST', '/petale/retrait', () => '/petale/retrait'),
  setting('GET'),
  setting('POST', { commune: '00000000-0000-4000-8000-000000000000', consentText: 'x', retentionMonths: '1' }),
];
