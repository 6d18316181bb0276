import type { NotificationKind, NotificationPreferences } from '../../platform/app-module/app-module.ts';
import type { Services } from '../../platform/services.ts';
import {
  type ChannelChoice,
  countUnread,
  emailRefused,
  listPreferences,
  savePreferences,
} from './notifications.repo.ts';
import { KINDS } from './kinds.ts';
import { PreferencesForm } from './views/notifications-pages.tsx';

/** What the notifications module gives the others through its descriptor: e-mail choices and the header's count. */
export const notificationPreferences: NotificationPreferences = {
  async wantsEmail(db, userId, kind) {
    return !(await emailRefused(db, userId, kind));
  },
  unreadCount: (services, userId) => countUnread(services.db, userId),
  async form(services, userId, back) {
    const choices = await loadPreferences(services, userId);
    return (context) => PreferencesForm({ context, choices, errors: {}, back });
  },
};

export type Choices = ReadonlyArray<{ kind: NotificationKind } & ChannelChoice>;

/** A person's choices for every kind; both channels on where they chose nothing. */
export async function loadPreferences(services: Services, userId: string): Promise<Choices> {
  const saved = await listPreferences(services.db, userId);
  return KINDS.map(({ kind }) => ({ kind, ...(saved.get(kind) ?? { inApp: true, email: true }) }));
}

export async function saveNotificationPreferences(services: Services, userId: string, choices: Choices) {
  await savePreferences(services.db, userId, choices, services.clock.now());
}
