import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
// The one thing the platform reads of the module list: the type of every module's tables, to type the database.
import type { ModuleTables } from '../../modules.ts';

/**
 * The database as TypeScript sees it, written by hand beside the migrations (reviewed together). The platform's
 * tables are here; each module declares its own in its `*.tables.ts` and its descriptor, and they are joined into
 * `DB` from the module list.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns come back as 'YYYY-MM-DD' (see connect.ts). */
type CalendarDate = ColumnType<string, string, string>;
/** bigserial: pg returns int8 as a string. */
type BigSerial = ColumnType<string, never, never>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type TenantKind = 'metropole' | 'commune';
export type TenantEnvironment = 'production' | 'test';
export type TenantTheme = {
  /** Main colour, `#rrggbb`, checked for 4.5:1 contrast against white text. */
  primary?: string;
  /** Stored file id of the logo (PNG, JPEG or WebP). */
  logoFileId?: string;
  /** A charter an administrator saved but has not published yet: shown on the preview page only. */
  draft?: { primary: string; logoFileId?: string };
};

export interface TenantTable {
  id: Generated<string>;
  slug: string;
  kind: TenantKind;
  name: string;
  insee_code: string | null;
  siren: string | null;
  population: number | null;
  population_municipale: number | null;
  population_year: number | null;
  environment: Generated<TenantEnvironment>;
  production_tenant_id: string | null;
  contact_email: string | null;
  host_names: ColumnType<string[], string[] | undefined, string[]>;
  theme: ColumnType<TenantTheme, TenantTheme | undefined, TenantTheme>;
  created_at: GeneratedTimestamp;
}

export type SharedService = 'toodego' | 'laclasse' | 'opendata' | 'geonet';
export type ToodegoOffer = 'partenaire' | 'abonne' | 'connecte' | 'none';
export type SubscriptionOffer = ToodegoOffer | 'subscribed';

export interface SubscriptionTable {
  id: Generated<string>;
  tenant_id: string;
  service: SharedService;
  offer: SubscriptionOffer;
  since: CalendarDate | null;
  updated_at: GeneratedTimestamp;
}

export interface UserAccountTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  created_at: GeneratedTimestamp;
  last_login_at: Timestamp | null;
  disabled_at: Timestamp | null;
}

export type TenantRole = 'agent' | 'admin' | 'operator';

export interface RoleAssignmentTable {
  id: Generated<string>;
  user_id: string;
  tenant_id: string;
  role: TenantRole;
  created_at: GeneratedTimestamp;
}

export interface SessionTable {
  /** sha256 of the cookie's token: a stolen database gives no usable session. */
  id: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  attempts: number;
  window_started_at: Timestamp;
}

export interface JobTable {
  id: BigSerial;
  tenant_id: string | null;
  queue: string;
  name: string;
  payload: Json<unknown>;
  run_at: Timestamp;
  created_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  done_at: Timestamp | null;
  failed_at: Timestamp | null;
  dedupe_key: string | null;
}

export interface AuditEventTable {
  id: BigSerial;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_label: string;
  tenant_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Json<Record<string, unknown>>;
  ip: string | null;
}

export interface StoredFileTable {
  id: Generated<string>;
  tenant_id: string | null;
  sha256: string;
  byte_size: number;
  media_type: string;
  original_name: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface PlatformSettingTable {
  key: string;
  value: string;
}

export interface PlatformTables {
  platform_setting: PlatformSettingTable;
  tenant: TenantTable;
  subscription: SubscriptionTable;
  user_account: UserAccountTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  login_throttle: LoginThrottleTable;
  job: JobTable;
  audit_event: AuditEventTable;
  stored_file: StoredFileTable;
}

export type DB = PlatformTables & ModuleTables;

export type Tenant = Selectable<TenantTable>;
export type NewTenant = Insertable<TenantTable>;
export type TenantUpdate = Updateable<TenantTable>;
export type Subscription = Selectable<SubscriptionTable>;
export type UserAccount = Selectable<UserAccountTable>;
export type Job = Selectable<JobTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type StoredFile = Selectable<StoredFileTable>;
