import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

/** A service being built in the studio of a tenant (the metropolis, a commune, or a commune's test instance). */
export interface StudioServiceTable {
  id: Generated<string>;
  tenant_id: string;
  /** The e-service's address in the catalogue once published; fixed at creation. */
  slug: string;
  created_at: Timestamp;
}

/**
 * Every save of the builder: a whole service (catalogue entry, form, workflow) as one draft version, numbered per
 * service. Publishing one gives the owners (forms, workflows, catalogue) their frozen versions and freezes it here too.
 */
export interface StudioRevisionTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  number: number;
  /** A ServiceDraft (service-draft.ts). */
  content: Json<unknown>;
  /** What the save changed, in words ("Champ « Âge » modifié"). */
  note: string;
  created_at: Timestamp;
  created_by_label: string;
  published_at: Timestamp | null;
  form_version_id: string | null;
  workflow_version_id: string | null;
}

export interface StudioTables {
  studio_service: StudioServiceTable;
  studio_revision: StudioRevisionTable;
}

export type StudioServiceRow = Selectable<StudioServiceTable>;
export type StudioRevisionRow = Selectable<StudioRevisionTable>;
