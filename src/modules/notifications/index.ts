import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedNotificationsDemo } from './demo.ts';
import * as m0640 from './migrations/0640_notifications.ts';
import { notificationPreferences } from './notification-preferences.ts';
import type { NotificationsTables } from './notifications.tables.ts';
import { registerNotificationsRoutes } from './notifications.routes.tsx';
import { personalNotifications } from './personal-data.ts';
import { recordAgentsNotification, recordCitizenNotification } from './record-notifications.ts';

/**
 * In-app notifications (issue 23 §4): the bell in every page's header with its unread count, the list of a person's
 * news about requests (steps, messages, deadlines), and their choice of channels per kind, which the e-mails below
 * obey too.
 */
export const notificationsModule: AppModule<NotificationsTables> = {
  name: 'notifications',
  migrations: { '0640_notifications': m0640 },
  routes: registerNotificationsRoutes,
  subscribers: [recordCitizenNotification, recordAgentsNotification],
  notificationPreferences,
  seedDemo: seedNotificationsDemo,
  personalData: personalNotifications,
  crossTenantCases: async () => (await import('./notifications.cross-tenant.ts')).notificationsCases,
};
