import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface PetaleSettingTable {
  id: Generated<boolean>;
  /** The one commune whose citizens have a pétale space. */
  tenant_id: string;
  consent_text: string;
  consent_version: number;
  retention_months: number;
  updated_at: Timestamp;
  updated_by_label: string;
}

export interface PetaleConsentTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  consent_version: number;
  /** The text as the citizen accepted it. */
  consent_text: string;
  accepted_at: Timestamp;
  withdrawn_at: Timestamp | null;
}

export interface PetaleDocumentTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  label: string;
  file_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export type PetaleSettingRow = Selectable<PetaleSettingTable>;
export type PetaleDocumentRow = Selectable<PetaleDocumentTable>;

export type PetaleTables = {
  petale_setting: PetaleSettingTable;
  petale_consent: PetaleConsentTable;
  petale_document: PetaleDocumentTable;
};
