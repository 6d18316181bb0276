import { communeOwn, file, operatorOnly } from '../../../test/agreement-support/cross-tenant-scene.ts';
import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';

/**
 * Billing's routes as other tenants' people try them (on the scene shared with the agreements): the year's orders,
 * Syntec values, the simulator, commune A's orders, and the pages billing composes with A's agreement (the overview,
 * A's file and its checklist, its billing figures' forms, what A's administrators see).
 */
export const billingCases: IsolationCase[] = [
  {
    route: 'GET /api/contributions/simulate',
    public: 'the tariff simulator: public figures of the agreement, no commune data',
  },
  operatorOnly('GET', '/admin/conventions', () => '/admin/conventions'),
  operatorOnly('GET', '/admin/conventions/:slug', (w) => file(w)),
  operatorOnly('POST', '/admin/conventions/:slug/taches/:id', (w, f) => `${file(w)}/taches/${f.taskId}`, {
    status: 'done',
  }),
  ...['connecteur', 'population'].flatMap((form) => [
    operatorOnly('GET', `/admin/conventions/:slug/${form}`, (w) => `${file(w)}/${form}`),
    operatorOnly('POST', `/admin/conventions/:slug/${form}`, (w) => `${file(w)}/${form}`, { fromParty: 'commune' }),
  ]),
  operatorOnly('GET', '/admin/facturation', () => '/admin/facturation'),
  operatorOnly('GET', '/admin/facturation/:annee/titres.csv', () => '/admin/facturation/2026/titres.csv'),
  operatorOnly('GET', '/admin/facturation/:annee/titres.ods', () => '/admin/facturation/2026/titres.ods'),
  operatorOnly('GET', '/admin/facturation/:annee/impression', () => '/admin/facturation/2026/impression'),
  operatorOnly('GET', '/admin/facturation/syntec', () => '/admin/facturation/syntec'),
  operatorOnly('POST', '/admin/facturation/syntec', () => '/admin/facturation/syntec', { month: '2026-10' }),
  operatorOnly('GET', '/admin/facturation/simulateur', () => '/admin/facturation/simulateur'),
  operatorOnly(
    'POST',
    '/admin/facturation/titres/:id/paiement',
    (_w, f) => `/admin/facturation/titres/${f.orderId}/paiement`,
  ),
  communeOwn('/admin/convention', () => '/admin/convention'),
  communeOwn('/admin/convention/titres/:id', (f) => `/admin/convention/titres/${f.orderId}`),
  communeOwn('/admin/convention/titres/:id/export.csv', (f) => `/admin/convention/titres/${f.orderId}/export.csv`),
  communeOwn('/admin/convention/titres/:id/export.ods', (f) => `/admin/convention/titres/${f.orderId}/export.ods`),
];
