import type { Insertable } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type {
  GovernanceMeeting,
  GovernanceMeetingTable,
  GovernanceRecipient,
  MeetingStatus,
  RecipientResponse,
} from './agreements.tables.ts';

/**
 * Governance meetings and their minutes (annexe Toodego §5, convention-cadre art. 11). A meeting is the metropolis's;
 * each commune concerned has a recipient row (row-level secured), which is how it reads the minutes and answers.
 */

export async function insertMeeting(
  db: Executor,
  values: Insertable<GovernanceMeetingTable>,
): Promise<GovernanceMeeting> {
  return db.insertInto('governance_meeting').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findMeeting(db: Executor, id: string): Promise<GovernanceMeeting | undefined> {
  return db.selectFrom('governance_meeting').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listMeetings(db: Executor): Promise<GovernanceMeeting[]> {
  return db
    .selectFrom('governance_meeting')
    .selectAll()
    .orderBy('held_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function updateMeeting(
  db: Executor,
  id: string,
  values: Partial<
    Pick<
      GovernanceMeeting,
      'minutes' | 'status' | 'version' | 'published_on' | 'approval_deadline_on' | 'approved_on' | 'approved_tacitly'
    >
  >,
): Promise<void> {
  await db.updateTable('governance_meeting').set(values).where('id', '=', id).execute();
}

export async function replaceRecipients(db: Executor, meetingId: string, tenantIds: string[]): Promise<void> {
  await db.deleteFrom('governance_recipient').where('meeting_id', '=', meetingId).execute();
  if (tenantIds.length) {
    await db
      .insertInto('governance_recipient')
      .values(tenantIds.map((tenantId) => ({ tenant_id: tenantId, meeting_id: meetingId })))
      .execute();
  }
}

export type RecipientWithName = GovernanceRecipient & { tenant_name: string; tenant_slug: string };

export async function listRecipients(db: Executor, meetingId: string): Promise<RecipientWithName[]> {
  return db
    .selectFrom('governance_recipient')
    .innerJoin('tenant', 'tenant.id', 'governance_recipient.tenant_id')
    .selectAll('governance_recipient')
    .select(['tenant.name as tenant_name', 'tenant.slug as tenant_slug'])
    .where('meeting_id', '=', meetingId)
    .orderBy('tenant.name')
    .execute();
}

export type CommuneMinutes = GovernanceMeeting & {
  recipient_id: string;
  response: RecipientResponse;
  objection: string | null;
  responded_at: Date | null;
};

const communeMinutes = (trx: TenantTransaction) =>
  trx
    .selectFrom('governance_recipient')
    .innerJoin('governance_meeting', 'governance_meeting.id', 'governance_recipient.meeting_id')
    .selectAll('governance_meeting')
    .select([
      'governance_recipient.id as recipient_id',
      'governance_recipient.response',
      'governance_recipient.objection',
      'governance_recipient.responded_at',
    ])
    .where('governance_recipient.tenant_id', '=', trx.tenantId)
    .where('governance_meeting.status', '<>', 'draft');

/** The minutes published to a commune, newest first. */
export async function listMinutesForCommune(trx: TenantTransaction): Promise<CommuneMinutes[]> {
  return communeMinutes(trx).orderBy('governance_meeting.held_on', 'desc').execute();
}

export async function findMinutesForCommune(
  trx: TenantTransaction,
  meetingId: string,
): Promise<CommuneMinutes | undefined> {
  return communeMinutes(trx).where('governance_meeting.id', '=', meetingId).executeTakeFirst();
}

export async function setRecipientResponse(
  trx: TenantTransaction,
  options: {
    id: string;
    response: RecipientResponse;
    objection: string | null;
    at: Date;
    byLabel: string;
  },
): Promise<void> {
  await trx
    .updateTable('governance_recipient')
    .set({
      response: options.response,
      objection: options.objection,
      responded_at: options.at,
      responded_by_label: options.byLabel,
    })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', options.id)
    .execute();
}

export async function countPendingOrObjecting(db: Executor, meetingId: string): Promise<number> {
  const row = await db
    .selectFrom('governance_recipient')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('response', '<>', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Minutes awaiting approval whose fifteen days are over. */
export async function listMinutesPastDeadline(db: Executor, today: string): Promise<GovernanceMeeting[]> {
  return db
    .selectFrom('governance_meeting')
    .selectAll()
    .where('status', '=', 'awaiting_approval' satisfies MeetingStatus)
    .where('approval_deadline_on', '<', today)
    .execute();
}
