import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Executor, TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { MessageEvidence, SchoolMessage } from '../spaces.tables.ts';

// A school's messages, their recipients, abuse reports, and the suspensions of sending.

export type Attachment = { name: string; type: string; sha256: string; size: number };

export async function insertMessage(
  trx: TenantTransaction,
  message: {
    schoolId: string;
    senderId: string;
    subject: string;
    body: string;
    attachment: Attachment | null;
    recipientIds: readonly string[];
    at: Date;
  },
): Promise<string> {
  const row = await trx
    .insertInto('school_message')
    .values({
      tenant_id: trx.tenantId,
      school_id: message.schoolId,
      sender_id: message.senderId,
      subject: message.subject,
      body: message.body,
      attachment_name: message.attachment?.name ?? null,
      attachment_type: message.attachment?.type ?? null,
      attachment_sha256: message.attachment?.sha256 ?? null,
      attachment_size: message.attachment?.size ?? null,
      sent_at: message.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('school_message_recipient')
    .values(
      message.recipientIds.map((personId) => ({
        tenant_id: trx.tenantId,
        message_id: row.id,
        person_id: personId,
        read_at: null,
      })),
    )
    .execute();
  return row.id;
}

export type MessageLine = {
  id: string;
  subject: string;
  sentAt: Date;
  sender: string;
  recipients: string[];
  unread: boolean;
  hasAttachment: boolean;
};

const personName = (alias: string) =>
  sql<string>`${sql.ref(`${alias}.first_name`)} || ' ' || ${sql.ref(`${alias}.last_name`)}`;

function linesQuery(trx: TenantTransaction, schoolId: string, viewerId: string) {
  return trx
    .selectFrom('school_message as m')
    .innerJoin('school_person as s', 's.id', 'm.sender_id')
    .select([
      'm.id',
      'm.subject',
      'm.sent_at as sentAt',
      personName('s').as('sender'),
      sql<
        string[]
      >`(SELECT array_agg(p.first_name || ' ' || p.last_name ORDER BY p.last_name) FROM school_message_recipient r
        JOIN school_person p ON p.id = r.person_id WHERE r.message_id = m.id)`.as('recipients'),
      sql<boolean>`EXISTS (SELECT 1 FROM school_message_recipient r WHERE r.message_id = m.id
        AND r.person_id = ${viewerId} AND r.read_at IS NULL)`.as('unread'),
      sql<boolean>`m.attachment_sha256 IS NOT NULL`.as('hasAttachment'),
    ])
    .where('m.tenant_id', '=', trx.tenantId)
    .where('m.school_id', '=', schoolId)
    .orderBy('m.sent_at', 'desc')
    .limit(200);
}

/** The recipient row of message `m` for a person, if they received it. */
function receivedBy(eb: ExpressionBuilder<DB & { m: DB['school_message'] }, 'm'>, personId: string) {
  return eb
    .selectFrom('school_message_recipient as r')
    .select('r.person_id')
    .whereRef('r.message_id', '=', 'm.id')
    .where('r.person_id', '=', personId);
}

/** The messages a person received in the school, newest first. */
export async function listReceived(trx: TenantTransaction, schoolId: string, personId: string): Promise<MessageLine[]> {
  return linesQuery(trx, schoolId, personId)
    .where((eb) => eb.exists(receivedBy(eb, personId)))
    .execute();
}

export async function listSent(trx: TenantTransaction, schoolId: string, personId: string): Promise<MessageLine[]> {
  return linesQuery(trx, schoolId, personId).where('m.sender_id', '=', personId).execute();
}

/** A message of the school as its sender or one of its recipients sees it, with everyone's names. */
export async function findMessageFor(
  trx: TenantTransaction,
  schoolId: string,
  messageId: string,
  personId: string,
): Promise<(SchoolMessage & { sender: string; senderProfile: string; recipients: string[] }) | undefined> {
  return trx
    .selectFrom('school_message as m')
    .innerJoin('school_person as s', 's.id', 'm.sender_id')
    .innerJoin('school_profile as sp', (join) =>
      join.onRef('sp.person_id', '=', 'm.sender_id').onRef('sp.school_id', '=', 'm.school_id'),
    )
    .selectAll('m')
    .select([
      personName('s').as('sender'),
      'sp.profile as senderProfile',
      sql<
        string[]
      >`(SELECT array_agg(p.first_name || ' ' || p.last_name ORDER BY p.last_name) FROM school_message_recipient r
        JOIN school_person p ON p.id = r.person_id WHERE r.message_id = m.id)`.as('recipients'),
    ])
    .where('m.tenant_id', '=', trx.tenantId)
    .where('m.school_id', '=', schoolId)
    .where('m.id', '=', messageId)
    .where((eb) => eb.or([eb('m.sender_id', '=', personId), eb.exists(receivedBy(eb, personId))]))
    .executeTakeFirst();
}

export async function markRead(trx: TenantTransaction, messageId: string, personId: string, at: Date): Promise<void> {
  await trx
    .updateTable('school_message_recipient')
    .set({ read_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('message_id', '=', messageId)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .execute();
}

/** Whether an attachment belongs to a reported message of the school (its administrators may then open it). */
export async function isReportedAttachment(
  trx: TenantTransaction,
  schoolId: string,
  messageId: string,
): Promise<SchoolMessage | undefined> {
  return trx
    .selectFrom('school_message as m')
    .selectAll('m')
    .where('m.tenant_id', '=', trx.tenantId)
    .where('m.school_id', '=', schoolId)
    .where('m.id', '=', messageId)
    .where((eb) =>
      eb.exists(eb.selectFrom('school_message_report as r').select('r.id').whereRef('r.message_id', '=', 'm.id')),
    )
    .executeTakeFirst();
}

export async function insertReport(
  trx: TenantTransaction,
  report: {
    schoolId: string;
    messageId: string;
    reporterId: string;
    reason: string;
    evidence: MessageEvidence;
    at: Date;
  },
): Promise<string | undefined> {
  const row = await trx
    .insertInto('school_message_report')
    .values({
      tenant_id: trx.tenantId,
      school_id: report.schoolId,
      message_id: report.messageId,
      reporter_id: report.reporterId,
      reason: report.reason,
      evidence: JSON.stringify(report.evidence),
      reported_at: report.at,
      closed_at: null,
      closed_by: null,
    })
    .onConflict((oc) => oc.columns(['message_id', 'reporter_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export type ReportLine = {
  id: string;
  messageId: string;
  reason: string;
  reporter: string;
  evidence: MessageEvidence;
  reportedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
};

export async function listReports(trx: TenantTransaction, schoolId: string): Promise<ReportLine[]> {
  return trx
    .selectFrom('school_message_report as r')
    .innerJoin('school_person as p', 'p.id', 'r.reporter_id')
    .select([
      'r.id',
      'r.message_id as messageId',
      'r.reason',
      personName('p').as('reporter'),
      'r.evidence',
      'r.reported_at as reportedAt',
      'r.closed_at as closedAt',
      'r.closed_by as closedBy',
    ])
    .where('r.tenant_id', '=', trx.tenantId)
    .where('r.school_id', '=', schoolId)
    .orderBy('r.closed_at', (ob) => ob.nullsFirst())
    .orderBy('r.reported_at', 'desc')
    .execute();
}

export async function closeReport(
  trx: TenantTransaction,
  schoolId: string,
  reportId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('school_message_report')
    .set({ closed_at: at, closed_by: by })
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('id', '=', reportId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type Suspension = { scope: 'global' | 'school'; since: Date; by: string };

/** Whether sending is suspended for the school: by the metropolis for every school first, else by the school. */
export async function findSuspension(trx: TenantTransaction, schoolId: string): Promise<Suspension | undefined> {
  return (await findGlobalSuspension(trx)) ?? (await findSchoolSuspension(trx, schoolId));
}

/** The school's own suspension, whether or not the metropolis suspended every school. */
export async function findSchoolSuspension(trx: TenantTransaction, schoolId: string): Promise<Suspension | undefined> {
  const own = await trx
    .selectFrom('school_messaging_suspension')
    .select(['suspended_at', 'actor_label'])
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return own ? { scope: 'school', since: own.suspended_at, by: own.actor_label } : undefined;
}

export async function findGlobalSuspension(db: Executor): Promise<Suspension | undefined> {
  const row = await db
    .selectFrom('school_messaging_global_suspension')
    .select(['suspended_at', 'actor_label'])
    .executeTakeFirst();
  return row ? { scope: 'global', since: row.suspended_at, by: row.actor_label } : undefined;
}

/** Suspends or restores a school's sending; true when that changed something. */
export async function setSchoolSuspension(
  trx: TenantTransaction,
  schoolId: string,
  suspended: { at: Date; by: string } | null,
): Promise<boolean> {
  if (!suspended) {
    const result = await trx
      .deleteFrom('school_messaging_suspension')
      .where('tenant_id', '=', trx.tenantId)
      .where('school_id', '=', schoolId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
  const result = await trx
    .insertInto('school_messaging_suspension')
    .values({ tenant_id: trx.tenantId, school_id: schoolId, suspended_at: suspended.at, actor_label: suspended.by })
    .onConflict((oc) => oc.column('school_id').doNothing())
    .returning('school_id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function setGlobalSuspension(db: Executor, suspended: { at: Date; by: string } | null): Promise<boolean> {
  if (!suspended) {
    const result = await db.deleteFrom('school_messaging_global_suspension').executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
  const result = await db
    .insertInto('school_messaging_global_suspension')
    .values({ suspended_at: suspended.at, actor_label: suspended.by })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/** The hashes of the messages' attachments and of the ones kept as evidence by abuse reports. */
export async function listMessagingFileHashes(db: Executor): Promise<string[]> {
  const rows = await sql<{ sha256: string }>`
    SELECT attachment_sha256 AS sha256 FROM school_message WHERE attachment_sha256 IS NOT NULL
    UNION
    SELECT evidence->'attachment'->>'sha256' FROM school_message_report
    WHERE jsonb_typeof(evidence->'attachment') = 'object'`.execute(db);
  return rows.rows.map((r) => r.sha256);
}
