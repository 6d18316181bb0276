import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type IncidentKind = 'fuite' | 'attaque';
export type IncidentStatus = 'signale' | 'qualifie' | 'notifie' | 'clos';
export type IncidentSeverity = 'faible' | 'moyenne' | 'elevee' | 'critique';
export type IncidentEventKind = 'signalement' | 'piece' | 'qualification' | 'alerte' | 'cnil' | 'cloture' | 'rappel';

export interface IncidentReportTable {
  id: Generated<string>;
  /** The administration that reports: a commune, or the metropolis itself. */
  tenant_id: string;
  number: number;
  kind: IncidentKind;
  /** An attack on the identity integration (GrandLyon Connect, FranceConnect): the 8-hour alert clock runs. */
  identity_attack: boolean;
  title: string;
  description: string;
  /** When the administration became aware of it: both clocks start here. */
  detected_at: Timestamp;
  reported_at: Timestamp;
  reported_by_user_id: string | null;
  reported_by_label: string;
  status: Generated<IncidentStatus>;
  personal_data: boolean | null;
  severity: IncidentSeverity | null;
  alert_due_at: Timestamp | null;
  alerted_at: Timestamp | null;
  cnil_due_at: Timestamp;
  cnil_notified_at: Timestamp | null;
  cnil_reference: string | null;
  closed_at: Timestamp | null;
}

export interface IncidentEventTable {
  id: Generated<string>;
  tenant_id: string;
  incident_id: string;
  kind: IncidentEventKind;
  body: Generated<string>;
  file_id: string | null;
  actor_label: string;
  side: 'commune' | 'metropole';
  at: Timestamp;
}

export type IncidentRow = Selectable<IncidentReportTable>;
export type IncidentEventRow = Selectable<IncidentEventTable>;

export type IncidentsTables = { incident_report: IncidentReportTable; incident_event: IncidentEventTable };
