import type { ColumnType, Generated, Selectable } from 'kysely';

/** `date` columns come back as 'YYYY-MM-DD' (see connect.ts). */
type CalendarDate = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type MarkKind = 'absent' | 'late';
export type PostKind = 'news' | 'instructions' | 'work' | 'resource';

export interface ClassroomSessionTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  group_id: string;
  day: CalendarDate;
  /** 'HH:MM', Paris time. */
  starts_at: string;
  subject: string;
  content: string;
  homework: string | null;
  homework_due: CalendarDate | null;
  published: Generated<boolean>;
  author_label: string;
  register_taken_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClassroomMarkTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  session_id: string;
  pupil_id: string;
  kind: MarkKind;
  minutes_late: number | null;
  reason: string | null;
  reason_label: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface ClassroomProjectTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  title: string;
  description: string;
  created_by: string;
  created_at: Timestamp;
}

export interface ClassroomProjectClassTable {
  tenant_id: string;
  project_id: string;
  group_id: string;
}

export interface ClassroomProjectPartnerTable {
  tenant_id: string;
  project_id: string;
  name: string;
  email: string;
  added_at: Timestamp;
}

export interface ClassroomPostTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  group_id: string | null;
  project_id: string | null;
  kind: PostKind;
  title: string;
  body: string;
  author_label: string;
  published_at: Timestamp;
}

export type ClassroomTables = {
  classroom_session: ClassroomSessionTable;
  classroom_mark: ClassroomMarkTable;
  classroom_project: ClassroomProjectTable;
  classroom_project_class: ClassroomProjectClassTable;
  classroom_project_partner: ClassroomProjectPartnerTable;
  classroom_post: ClassroomPostTable;
};

export type ClassSession = Selectable<ClassroomSessionTable>;
export type Mark = Selectable<ClassroomMarkTable>;
export type Project = Selectable<ClassroomProjectTable>;
export type Post = Selectable<ClassroomPostTable>;
