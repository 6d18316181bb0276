import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NotificationKind } from '../../platform/app-module/app-module.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** One piece of news for one person, shown in the app until read (the e-mail, if any, goes its own way). */
export interface NotificationTable {
  id: Generated<string>;
  /** The administration whose request it is about. */
  tenant_id: string;
  user_id: string;
  kind: NotificationKind;
  request_id: string | null;
  title: string;
  /** Where it leads: the request's page, with its instance's base path. */
  path: string;
  /** Names the news, so a replayed event records it once per person. */
  dedupe_key: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/** A person's choice for one kind of news; without a row, both channels are on. */
export interface NotificationPreferenceTable {
  user_id: string;
  kind: NotificationKind;
  in_app: boolean;
  email: boolean;
  updated_at: Timestamp;
}

export type NotificationRow = Selectable<NotificationTable>;

export type NotificationsTables = {
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
};
