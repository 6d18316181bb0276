import { communeOwn, file, fixtures, operatorOnly } from '../../../test/agreement-support/cross-tenant-scene.ts';
import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';

/**
 * The agreements' routes as other tenants' people try them (on the scene shared with billing): the operators' forms
 * on commune A's agreement, governance, and the minutes sent to A.
 */
export const agreementsCases: IsolationCase[] = [
  ...['convention', 'avenant', 'resiliation', 'mise-en-demeure', 'reclamation'].flatMap((form) => [
    operatorOnly('GET', `/admin/conventions/:slug/${form}`, (w) => `${file(w)}/${form}`),
    operatorOnly('POST', `/admin/conventions/:slug/${form}`, (w) => `${file(w)}/${form}`, { fromParty: 'commune' }),
  ]),
  operatorOnly(
    'GET',
    '/admin/conventions/:slug/mise-en-demeure/:id',
    (w, f) => `${file(w)}/mise-en-demeure/${f.formalNoticeId}`,
  ),
  operatorOnly(
    'POST',
    '/admin/conventions/:slug/mise-en-demeure/:id',
    (w, f) => `${file(w)}/mise-en-demeure/${f.formalNoticeId}`,
    { outcome: 'remedied' },
  ),
  operatorOnly('GET', '/admin/conventions/:slug/reclamation/:id', (w, f) => `${file(w)}/reclamation/${f.disputeId}`),
  operatorOnly('POST', '/admin/conventions/:slug/reclamation/:id', (w, f) => `${file(w)}/reclamation/${f.disputeId}`, {
    decision: 'accepted',
  }),
  operatorOnly('GET', '/admin/gouvernance', () => '/admin/gouvernance'),
  operatorOnly('GET', '/admin/gouvernance/nouvelle', () => '/admin/gouvernance/nouvelle'),
  operatorOnly('POST', '/admin/gouvernance/nouvelle', () => '/admin/gouvernance/nouvelle', { kind: 'toodego_project' }),
  operatorOnly('GET', '/admin/gouvernance/:id', (_w, f) => `/admin/gouvernance/${f.meetingId}`),
  operatorOnly(
    'POST',
    '/admin/gouvernance/:id/publication',
    (_w, f) => `/admin/gouvernance/${f.meetingId}/publication`,
    { minutes: 'x' },
  ),
  communeOwn('/admin/convention/comptes-rendus', () => '/admin/convention/comptes-rendus'),
  communeOwn('/admin/convention/comptes-rendus/:id', (f) => `/admin/convention/comptes-rendus/${f.meetingId}`),
  {
    route: 'POST /admin/convention/comptes-rendus/:id/reponse',
    attempts: async (world) => {
      const f = await fixtures(world);
      const path = `/admin/convention/comptes-rendus/${f.meetingId}/reponse`;
      const form = { response: 'objected', objection: 'Refus' };
      return [
        { as: 'adminOfB', method: 'POST', url: `/c/${world.communeA.slug}${path}`, form, expect: 404 },
        // B's own instance: the minutes were not sent to B, so they do not exist there.
        { as: 'adminOfB', method: 'POST', url: `/c/${world.communeB.slug}${path}`, form, expect: 404 },
        { as: 'agentOfA', method: 'POST', url: `/c/${world.communeA.slug}${path}`, form, expect: 404 },
        { as: 'citizen', method: 'POST', url: `/c/${world.communeA.slug}${path}`, form, expect: 404 },
      ];
    },
  },
];
