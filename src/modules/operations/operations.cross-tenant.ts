import { type IsolationCase, operatorConsolePage } from '../../../test/cross-tenant/isolation.ts';

/** The operators' console: the development outbox, the audit log, the background jobs. */
export const operationsCases: IsolationCase[] = [
  ...['/admin/journal', '/admin/courriels', '/admin/taches'].map(operatorConsolePage),
  {
    route: 'GET /admin/courriels/:id',
    attempts: async () => [
      { as: 'adminOfA', method: 'GET', url: '/admin/courriels/message.eml', expect: 404 },
      { as: 'citizen', method: 'GET', url: '/admin/courriels/message.eml', expect: 404 },
    ],
  },
  {
    route: 'GET /admin/courriels/:id/html',
    attempts: async () => [{ as: 'adminOfA', method: 'GET', url: '/admin/courriels/message.eml/html', expect: 404 }],
  },
  {
    route: 'POST /admin/taches/:id/relancer',
    attempts: async () => [
      { as: 'adminOfA', method: 'POST', url: '/admin/taches/1/relancer', expect: 404 },
      { as: 'agentOfB', method: 'POST', url: '/admin/taches/1/relancer', expect: 404 },
    ],
  },
];
