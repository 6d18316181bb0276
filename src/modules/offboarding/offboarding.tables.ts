import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type ArchiveStatus = 'pending' | 'running' | 'done' | 'failed';

export interface DataArchiveTable {
  id: Generated<string>;
  tenant_id: string;
  status: ColumnType<ArchiveStatus, ArchiveStatus | undefined, ArchiveStatus>;
  /** Requests written into the archive so far, out of `total`: the progress bar. */
  done: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  stored_file_id: string | null;
  error: string | null;
  requested_by: string | null;
  requested_by_label: string;
  requested_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface OffboardingTables {
  data_archive: DataArchiveTable;
}

export type DataArchive = Selectable<DataArchiveTable>;
