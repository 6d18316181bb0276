import type { ColumnType, Selectable } from 'kysely';

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

export type HomeTables = { home_contact: HomeContactTable };
export type HomeContactRow = Selectable<HomeContactTable>;
