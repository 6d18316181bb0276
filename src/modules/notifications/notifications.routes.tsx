import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import { KINDS } from './kinds.ts';
import { loadPreferences, saveNotificationPreferences } from './notification-preferences.ts';
import { readNotifications } from './read-notifications.ts';
import { NotificationPreferencesPage, NotificationsPage } from './views/notifications-pages.tsx';

const ZSavedQuery = z.object({ fait: z.literal('1').optional().catch(undefined) });

/** A kind's boxes: none, one or both of the two channels (a lone box comes as a string). */
const ZChannels = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(
    z.enum(['application', 'courriel'], { message: 'Choisissez parmi « dans l’application » et « par courriel ».' }),
  ),
);

const ZPreferencesForm = z.object({
  etapes: ZChannels,
  messages: ZChannels,
  echeances: ZChannels,
  // The page the form was drawn in, to come back to; anything else: this page.
  retour: z.enum(['compte', 'gru']).optional().catch(undefined),
});

const BACK = {
  compte: '/compte?fait=notifications#notifications',
  gru: '/gru/preferences?fait=1',
} as const;

/**
 * The bell (every signed-in person's notifications, whatever the instance they view: they are their own) and the
 * choice of channels per kind of news.
 */
export function registerNotificationsRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/notifications', async (request, reply) => {
    const user = requireUser(request);
    const notifications = await readNotifications(services, user.id);
    return sendPage(request, reply, (context) => NotificationsPage({ context, notifications }));
  });

  app.get('/notifications/preferences', async (request, reply) => {
    const user = requireUser(request);
    const { fait } = parseQuery(ZSavedQuery, request);
    const choices = await loadPreferences(services, user.id);
    return sendPage(request, reply, (context) =>
      NotificationPreferencesPage({ context, choices, errors: {}, saved: fait === '1' }),
    );
  });

  app.post('/notifications/preferences', async (request, reply) => {
    const user = requireUser(request);
    const form = parseForm(ZPreferencesForm, request.body);
    if (!form.ok) {
      const choices = await loadPreferences(services, user.id);
      return sendPage(
        request,
        reply,
        (context) => NotificationPreferencesPage({ context, choices, errors: form.errors, saved: false }),
        422,
      );
    }
    await saveNotificationPreferences(
      services,
      user.id,
      KINDS.map(({ kind, field }) => {
        const channels = form.data[field];
        return { kind, inApp: channels.includes('application'), email: channels.includes('courriel') };
      }),
    );
    return redirectWithin(
      request,
      reply,
      form.data.retour ? BACK[form.data.retour] : '/notifications/preferences?fait=1',
    );
  });
}
