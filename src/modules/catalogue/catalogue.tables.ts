import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type EServiceAccess = 'anonymous' | 'account' | 'certified';
export type EServiceStatus = 'draft' | 'published' | 'closed';

export interface EServiceTable {
  id: Generated<string>;
  /** The provider: the metropolis or a commune. */
  tenant_id: string;
  slug: string;
  title: string;
  summary: string;
  description: string;
  themes: ColumnType<string[], string[] | undefined, string[]>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  access: EServiceAccess;
  /** Built once by the metropolis for every commune: routed by location and category. */
  mutualised: ColumnType<boolean, boolean | undefined, boolean>;
  /** `closed`: taken offline by its provider; its page stays, with `offline_message`, and no request can start. */
  status: ColumnType<EServiceStatus, EServiceStatus | undefined, EServiceStatus>;
  offline_message: ColumnType<string | null, string | null | undefined, string | null>;
  /** zod-typed: handling office, legal regime (acknowledgement), routing policy (see eservice-settings.ts). */
  settings: Json<unknown>;
  workflow_version_id: string;
  published_form_version_id: string | null;
  /** A metropolis service operators offer Abonné communes as a turnkey model (form and workflow frozen). */
  turnkey: ColumnType<boolean, boolean | undefined, boolean>;
  /** Set on a commune's instance of a turnkey model: it follows the model and cannot be edited. */
  model_eservice_id: string | null;
  /** Keywords, themes and provider name (weight B of the full-text vector). */
  search_terms: ColumnType<string, string | undefined, string>;
  search_vector: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The catalogue's words without accents or case: the dictionary typos are corrected against. */
export interface SearchWordTable {
  word: string;
}

/** One agent in the team of one e-service, for the commune whose agents process its requests. */
export interface EServiceTeamTable {
  tenant_id: string;
  eservice_id: string;
  user_id: string;
  added_at: Timestamp;
}

export interface CatalogueTables {
  eservice: EServiceTable;
  eservice_team: EServiceTeamTable;
  search_word: SearchWordTable;
}

export type EServiceRow = Selectable<EServiceTable>;
