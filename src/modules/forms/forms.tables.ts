import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface FormVersionTable {
  id: Generated<string>;
  tenant_id: string;
  eservice_id: string;
  version: number;
  /** A FormDefinition (form-definition.ts); frozen by a trigger once published_at is set. */
  definition: Json<unknown>;
  created_at: Timestamp;
  published_at: Timestamp | null;
}

export interface FormsTables {
  form_version: FormVersionTable;
}

export type FormVersionRow = Selectable<FormVersionTable>;
