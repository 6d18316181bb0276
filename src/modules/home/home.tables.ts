import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A commune's (or the metropolis's) contact details and opening hours, for its home page. */
export interface HomeContactTable {
  tenant_id: string;
  address: string;
  phone: string;
  email: string;
  /** Free text, one line per period ("Lundi au vendredi : 8 h 30 – 17 h"). */
  opening_hours: string;
  updated_at: Timestamp;
}

/** A commune's own news item, shown on its home page (and the latest ones on the metropolis's). */
export interface HomeNewsTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  body: string;
  published_at: Timestamp;
  published_by_label: string;
}

export type HomeTables = { home_contact: HomeContactTable; home_news: HomeNewsTable };
export type HomeContactRow = Selectable<HomeContactTable>;
export type HomeNewsRow = Selectable<HomeNewsTable>;
