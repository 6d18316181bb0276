import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Mark, MarkKind } from './classroom.tables.ts';

// The register: one mark per pupil absent or late at a session (present: no mark).

export async function listSessionMarks(trx: TenantTransaction, sessionId: string): Promise<Mark[]> {
  return trx
    .selectFrom('classroom_mark')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('session_id', '=', sessionId)
    .execute();
}

export async function upsertMark(
  trx: TenantTransaction,
  row: {
    schoolId: string;
    sessionId: string;
    pupilId: string;
    kind: MarkKind;
    minutesLate: number | null;
    by: string;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('classroom_mark')
    .values({
      tenant_id: trx.tenantId,
      school_id: row.schoolId,
      session_id: row.sessionId,
      pupil_id: row.pupilId,
      kind: row.kind,
      minutes_late: row.minutesLate,
      recorded_by: row.by,
      recorded_at: row.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['session_id', 'pupil_id'])
        .doUpdateSet({ kind: row.kind, minutes_late: row.minutesLate, recorded_by: row.by, recorded_at: row.at }),
    )
    .execute();
}

export async function deleteMark(trx: TenantTransaction, sessionId: string, pupilId: string): Promise<void> {
  await trx
    .deleteFrom('classroom_mark')
    .where('tenant_id', '=', trx.tenantId)
    .where('session_id', '=', sessionId)
    .where('pupil_id', '=', pupilId)
    .execute();
}

export type MarkLine = Mark & { day: string; startsAt: string; subject: string; groupId: string };

/** The school's marks with their session, latest first; narrowed to some pupils or some classes when given. */
export async function listMarks(
  trx: TenantTransaction,
  schoolId: string,
  filter: { pupilIds?: readonly string[]; groupIds?: readonly string[] } = {},
): Promise<MarkLine[]> {
  let query = trx
    .selectFrom('classroom_mark as m')
    .innerJoin('classroom_session as s', 's.id', 'm.session_id')
    .selectAll('m')
    .select(['s.day', 's.starts_at as startsAt', 's.subject', 's.group_id as groupId'])
    .where('m.tenant_id', '=', trx.tenantId)
    .where('m.school_id', '=', schoolId);
  if (filter.pupilIds) {
    if (filter.pupilIds.length === 0) return [];
    query = query.where('m.pupil_id', 'in', filter.pupilIds);
  }
  if (filter.groupIds) {
    if (filter.groupIds.length === 0) return [];
    query = query.where('s.group_id', 'in', filter.groupIds);
  }
  return query.orderBy('s.day', 'desc').orderBy('s.starts_at', 'desc').limit(1000).execute();
}

export async function setReason(
  trx: TenantTransaction,
  schoolId: string,
  markId: string,
  reason: { text: string; by: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('classroom_mark')
    .set({ reason: reason.text, reason_label: reason.by })
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('id', '=', markId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
