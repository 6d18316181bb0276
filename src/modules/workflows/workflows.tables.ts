import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface WorkflowVersionTable {
  id: Generated<string>;
  /** NULL: a workflow the platform offers every tenant. */
  tenant_id: string | null;
  key: string;
  version: number;
  /** A WorkflowDefinition (workflow.ts); frozen once published. */
  definition: Json<unknown>;
  created_at: Timestamp;
  published_at: Timestamp | null;
}

export interface WorkflowsTables {
  workflow_version: WorkflowVersionTable;
}

export type WorkflowVersionRow = Selectable<WorkflowVersionTable>;
