import type { ColumnType, Generated, Selectable } from 'kysely';

/** `date` columns come back as 'YYYY-MM-DD' (see connect.ts). */
type CalendarDate = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type SchoolKind = 'maternelle' | 'elementaire' | 'primaire' | 'college';
export type SchoolStatus = 'open' | 'closed' | 'merged';
export type Profile = 'pupil' | 'parent' | 'teacher' | 'staff' | 'head' | 'school_admin';
export type Source = 'aaf' | 'manual';
export type GroupKind = 'class' | 'group';
export type UsageKind = 'login' | 'portal' | 'service';
export type RejectedLine = { line: number; identifier: string; reason: string };

export interface SchoolTable {
  id: Generated<string>;
  tenant_id: string;
  uai: string;
  name: string;
  kind: SchoolKind;
  status: Generated<SchoolStatus>;
  opened_on: CalendarDate;
  closed_on: CalendarDate | null;
  merged_into: string | null;
  /** When the personal data of a closed school is deleted (three months after closing). */
  purge_after: CalendarDate | null;
  created_at: Timestamp;
}

export interface SchoolGroupTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  kind: GroupKind;
  code: string;
  name: string;
  source: Source;
  archived_at: Timestamp | null;
}

export interface SchoolPersonTable {
  id: Generated<string>;
  tenant_id: string;
  aaf_jointure: string | null;
  last_name: string;
  first_name: string;
  birth_date: CalendarDate | null;
  email: string | null;
  account_id: string | null;
  source: Source;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SchoolProfileTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  person_id: string;
  profile: Profile;
  source: Source;
  active: Generated<boolean>;
  ended_at: Timestamp | null;
}

export interface SchoolMembershipTable {
  tenant_id: string;
  group_id: string;
  person_id: string;
  source: Source;
}

export interface SchoolParentLinkTable {
  tenant_id: string;
  parent_id: string;
  child_id: string;
  relation: Generated<string>;
  source: Source;
}

export interface SchoolTileTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  service: string;
  title: string;
  url: string;
  /** Empty: every profile. */
  profiles: ColumnType<Profile[], Profile[] | undefined, Profile[]>;
  /** Empty: every group. */
  group_ids: ColumnType<string[], string[] | undefined, string[]>;
  position: Generated<number>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SchoolNewsTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  title: string;
  body: string;
  author_label: string;
  published_at: Timestamp;
  archived_at: Timestamp | null;
}

export interface SchoolImportTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  kind: 'full' | 'delta';
  file_name: string;
  sha256: string;
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Lines about another school of the feed. */
  ignored: number;
  rejected: Json<RejectedLine[]>;
  imported_at: Timestamp;
  actor_label: string;
}

export interface SchoolUsageTable {
  tenant_id: string;
  school_id: string;
  day: CalendarDate;
  profile: Profile;
  kind: UsageKind;
  service: Generated<string>;
  count: number;
}

export interface SchoolSamlReplayTable {
  key: string;
  expires_at: Timestamp;
}

export type SchoolTables = {
  school: SchoolTable;
  school_group: SchoolGroupTable;
  school_person: SchoolPersonTable;
  school_profile: SchoolProfileTable;
  school_membership: SchoolMembershipTable;
  school_parent_link: SchoolParentLinkTable;
  school_tile: SchoolTileTable;
  school_news: SchoolNewsTable;
  school_import: SchoolImportTable;
  school_usage: SchoolUsageTable;
  school_saml_replay: SchoolSamlReplayTable;
};

export type School = Selectable<SchoolTable>;
export type SchoolPerson = Selectable<SchoolPersonTable>;
export type SchoolGroup = Selectable<SchoolGroupTable>;
export type SchoolTile = Selectable<SchoolTileTable>;
export type SchoolNews = Selectable<SchoolNewsTable>;
export type SchoolImport = Selectable<SchoolImportTable>;
