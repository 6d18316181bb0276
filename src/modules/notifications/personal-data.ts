import type { PersonalDataPart } from '../../platform/app-module/app-module.ts';
import type { Services } from '../../platform/services.ts';
import { kindOf } from './kinds.ts';
import { loadPreferences } from './notification-preferences.ts';
import { listLatest } from './notifications.repo.ts';

/** A person's notifications (the latest thousand) and their choices, for their data export. */
export async function personalNotifications(services: Services, userId: string): Promise<PersonalDataPart> {
  const [notifications, choices] = await Promise.all([
    listLatest(services.db, userId, 1000),
    loadPreferences(services, userId),
  ]);
  return {
    data: {
      notifications: notifications.map((n) => ({
        sorte: kindOf(n.kind).badge,
        titre: n.title,
        lien: `${services.config.publicUrl}${n.path}`,
        le: n.created_at,
        lue: n.read_at,
      })),
      preferencesDeNotification: choices.map((c) => ({
        sorte: kindOf(c.kind).label,
        application: c.inApp,
        courriel: c.email,
      })),
    },
    files: [],
  };
}
