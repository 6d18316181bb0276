import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type ModerationStatus = 'pending' | 'published' | 'rejected';

/** What an abuse report keeps of the message, as it was when reported. */
export type MessageEvidence = {
  sender: string;
  senderProfile: string;
  recipients: string[];
  subject: string;
  body: string;
  sentAt: string;
  attachment: { name: string; sha256: string } | null;
};

export interface SchoolMessageTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  sender_id: string;
  subject: string;
  body: string;
  attachment_name: string | null;
  attachment_type: string | null;
  attachment_sha256: string | null;
  attachment_size: number | null;
  sent_at: Timestamp;
}

export interface SchoolMessageRecipientTable {
  tenant_id: string;
  message_id: string;
  person_id: string;
  read_at: Timestamp | null;
}

export interface SchoolMessageReportTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  message_id: string;
  reporter_id: string;
  reason: string;
  evidence: Json<MessageEvidence>;
  reported_at: Timestamp;
  closed_at: Timestamp | null;
  closed_by: string | null;
}

export interface SchoolMessagingSuspensionTable {
  tenant_id: string;
  school_id: string;
  suspended_at: Timestamp;
  actor_label: string;
}

export interface SchoolMessagingGlobalSuspensionTable {
  id: Generated<number>;
  suspended_at: Timestamp;
  actor_label: string;
}

export interface SchoolBlogPostTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  /** Null: the school's blog; else the blog of that class or group. */
  group_id: string | null;
  author_id: string;
  title: string;
  body: string;
  status: ModerationStatus;
  created_at: Timestamp;
  moderated_at: Timestamp | null;
  moderated_by: string | null;
}

export interface SchoolBlogCommentTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  author_id: string;
  body: string;
  status: ModerationStatus;
  created_at: Timestamp;
  moderated_at: Timestamp | null;
  moderated_by: string | null;
}

export interface SchoolDocumentTable {
  id: Generated<string>;
  tenant_id: string;
  school_id: string;
  /** A personal space's owner, or null for a group's shared space. */
  owner_id: string | null;
  group_id: string | null;
  uploaded_by: string;
  name: string;
  media_type: string;
  byte_size: number;
  sha256: string;
  created_at: Timestamp;
}

export type SchoolSpacesTables = {
  school_message: SchoolMessageTable;
  school_message_recipient: SchoolMessageRecipientTable;
  school_message_report: SchoolMessageReportTable;
  school_messaging_suspension: SchoolMessagingSuspensionTable;
  school_messaging_global_suspension: SchoolMessagingGlobalSuspensionTable;
  school_blog_post: SchoolBlogPostTable;
  school_blog_comment: SchoolBlogCommentTable;
  school_document: SchoolDocumentTable;
};

export type SchoolMessage = Selectable<SchoolMessageTable>;
export type SchoolDocument = Selectable<SchoolDocumentTable>;
