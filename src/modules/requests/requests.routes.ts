import type { FastifyInstance } from 'fastify';
import type { ApiRegistry } from '../../platform/http/api.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { registerDashboardRoutes } from './dashboard.routes.tsx';
import { registerServicePageRoutes } from './service-page.routes.tsx';
import { registerDraftRoutes } from './draft.routes.tsx';
import { registerPrefillConsentRoutes } from './prefill-consent.routes.tsx';
import { listSmsOutbox } from './delivery/sms-outbox.ts';
import { registerRequestApi } from './requests.api.ts';
import { SmsOutboxPage } from './views/sms-outbox-page.tsx';

/** The citizen's side of requests: service pages, drafts, submission, dashboard, tracking, their JSON API. */
export function registerRequestsRoutes(app: FastifyInstance, api: ApiRegistry): void {
  registerServicePageRoutes(app);
  registerDraftRoutes(app);
  registerPrefillConsentRoutes(app);
  registerDashboardRoutes(app);
  registerRequestApi(app, api);
  app.get('/admin/sms', async (request, reply) => {
    requireOperator(request);
    const entries = await listSmsOutbox(app.services.config.dataDir);
    return sendPage(request, reply, (context) => SmsOutboxPage({ context, entries }));
  });
}
