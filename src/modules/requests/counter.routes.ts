import type { FastifyInstance } from 'fastify';
import type { ApiRegistry } from '../../platform/http/api.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { registerDashboardRoutes } from './dashboard.routes.tsx';
import { registerServicePageRoutes } from './service-page.routes.tsx';
import { registerDraftRoutes } from './draft.routes.tsx';
import { registerPrefillConsentRoutes } from './prefill-consent.routes.tsx';
import { listSmsOutbox } from './notifications/sms-outbox.ts';
import { registerRequestApi } from './requests.api.ts';
import { SmsOutboxPage } from './views/sms-outbox-page.tsx';

/** The Toodego counter, citizen side: catalogue, forms and drafts, submission, dashboard, tracking, API. */
export function registerCounterRoutes(app: FastifyInstance, api: ApiRegistry): void {
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
