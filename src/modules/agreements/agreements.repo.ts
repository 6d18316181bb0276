import type { Insertable } from 'kysely';
import type { SharedService } from '../../platform/db/schema.ts';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type {
  Agreement,
  AgreementAmendment,
  AgreementAmendmentTable,
  AgreementAnnex,
  AgreementAnnexTable,
  AgreementTable,
  EndReason,
  TaskStatus,
  TransitionTask,
  TransitionTaskTable,
} from './agreements.tables.ts';

/**
 * The agreements' SQL: agreements, their annexes, amendments and checklists (notices and claims: notices.repo.ts).
 * A commune's rows are read and written in its scope: the functions take the tenant-bound transaction and the tenant
 * from it. The few the daily job and the operators' overview use across communes (named `…AllCommunes`,
 * `list…Unapplied`…) take any executor and run as the platform.
 */

/** A commune's row as inserted in its scope, which gives its tenant. */
export type InScope<Table> = Omit<Insertable<Table>, 'tenant_id'>;

export async function insertAgreement(trx: TenantTransaction, values: InScope<AgreementTable>): Promise<Agreement> {
  return trx
    .insertInto('agreement')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Latest first, the order findLatestAgreement uses: the first is the commune's current (or last) agreement. */
export async function listAgreements(trx: TenantTransaction): Promise<Agreement[]> {
  return trx
    .selectFrom('agreement')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('effective_on', 'desc')
    .execute();
}

/** The agreement that is in force or yet to be, or failing that the last one that ended. */
export async function findLatestAgreement(trx: TenantTransaction): Promise<Agreement | undefined> {
  return trx
    .selectFrom('agreement')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('effective_on', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listLatestAgreementsAllCommunes(db: Executor): Promise<Agreement[]> {
  return db
    .selectFrom('agreement')
    .selectAll()
    .distinctOn('tenant_id')
    .orderBy('tenant_id')
    .orderBy('effective_on', 'desc')
    .execute();
}

export async function setAgreementEnd(
  trx: TenantTransaction,
  options: { id: string; lastDay: string; reason: EndReason },
): Promise<void> {
  await trx
    .updateTable('agreement')
    .set({ last_day: options.lastDay, end_reason: options.reason })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', options.id)
    .execute();
}

/** Agreements reaching their six years by `until` whose end checklist is not open yet. */
export async function listExpiringWithoutChecklist(db: Executor, today: string, until: string): Promise<Agreement[]> {
  return db
    .selectFrom('agreement')
    .selectAll()
    .where('end_reason', '=', 'max_duration')
    .where('last_day', '>=', today)
    .where('last_day', '<=', until)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('transition_task')
            .select('transition_task.id')
            .whereRef('transition_task.agreement_id', '=', 'agreement.id')
            .where('transition_task.notice_id', 'is', null)
            .where('transition_task.amendment_id', 'is', null),
        ),
      ),
    )
    .execute();
}

export async function listEndedUnapplied(db: Executor, today: string, tenantId?: string): Promise<Agreement[]> {
  let q = db.selectFrom('agreement').selectAll().where('last_day', '<', today).where('ended_applied_at', 'is', null);
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return q.execute();
}

export async function markAgreementEndApplied(trx: TenantTransaction, id: string, at: Date): Promise<void> {
  await trx
    .updateTable('agreement')
    .set({ ended_applied_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

// Annexes (periods of a service at an offer)

export async function insertAnnexes(trx: TenantTransaction, rows: Array<InScope<AgreementAnnexTable>>): Promise<void> {
  if (rows.length)
    await trx
      .insertInto('agreement_annex')
      .values(rows.map((row) => ({ ...row, tenant_id: trx.tenantId })))
      .execute();
}

/** Every live period of the commune's annexes (cancelled ones left out), oldest first. */
export async function listAnnexes(trx: TenantTransaction): Promise<AgreementAnnex[]> {
  return trx
    .selectFrom('agreement_annex')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('cancelled_at', 'is', null)
    .orderBy('service')
    .orderBy('starts_on')
    .execute();
}

export async function listAnnexesAllCommunes(db: Executor): Promise<AgreementAnnex[]> {
  return db.selectFrom('agreement_annex').selectAll().where('cancelled_at', 'is', null).orderBy('starts_on').execute();
}

/** Communes with an annex overlapping a year: those a yearly order may concern. */
export async function listTenantsWithAnnexesIn(db: Executor, year: number): Promise<string[]> {
  const rows = await db
    .selectFrom('agreement_annex')
    .select('tenant_id')
    .distinct()
    .where('cancelled_at', 'is', null)
    .where('starts_on', '<=', `${year}-12-31`)
    .where('last_day', '>=', `${year}-01-01`)
    .execute();
  return rows.map((r) => r.tenant_id);
}

export async function setAnnexLastDay(trx: TenantTransaction, id: string, lastDay: string): Promise<void> {
  await trx
    .updateTable('agreement_annex')
    .set({ last_day: lastDay })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

export async function cancelAnnex(trx: TenantTransaction, id: string, at: Date): Promise<void> {
  await trx
    .updateTable('agreement_annex')
    .set({ cancelled_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

/** Periods whose start or end has come and not yet been carried to the subscriptions. */
export async function listUnappliedBoundaries(
  db: Executor,
  today: string,
  tenantId?: string,
): Promise<AgreementAnnex[]> {
  let q = db
    .selectFrom('agreement_annex')
    .selectAll()
    .where('cancelled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('starts_on', '<=', today), eb('start_applied_at', 'is', null)]),
        eb.and([eb('last_day', '<', today), eb('end_applied_at', 'is', null)]),
      ]),
    );
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return q.execute();
}

export async function markAnnexBoundariesApplied(
  trx: TenantTransaction,
  options: { started: string[]; ended: string[]; at: Date },
): Promise<void> {
  if (options.started.length) {
    await trx
      .updateTable('agreement_annex')
      .set({ start_applied_at: options.at })
      .where('tenant_id', '=', trx.tenantId)
      .where('id', 'in', options.started)
      .execute();
  }
  if (options.ended.length) {
    await trx
      .updateTable('agreement_annex')
      .set({ end_applied_at: options.at })
      .where('tenant_id', '=', trx.tenantId)
      .where('id', 'in', options.ended)
      .execute();
  }
}

// Amendments

export async function insertAmendment(
  trx: TenantTransaction,
  values: InScope<AgreementAmendmentTable>,
): Promise<AgreementAmendment> {
  return trx
    .insertInto('agreement_amendment')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function nextAmendmentNumber(trx: TenantTransaction, agreementId: string): Promise<number> {
  const row = await trx
    .selectFrom('agreement_amendment')
    .select((eb) => eb.fn.max('number').as('max'))
    .where('tenant_id', '=', trx.tenantId)
    .where('agreement_id', '=', agreementId)
    .executeTakeFirst();
  return (row?.max ?? 0) + 1;
}

export async function listAmendments(trx: TenantTransaction): Promise<AgreementAmendment[]> {
  return trx
    .selectFrom('agreement_amendment')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('agreement_id')
    .orderBy('number')
    .execute();
}

export async function findScheduledAmendment(
  trx: TenantTransaction,
  service: SharedService,
): Promise<AgreementAmendment | undefined> {
  return trx
    .selectFrom('agreement_amendment')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('service', '=', service)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
}

export async function markAmendmentsApplied(trx: TenantTransaction, today: string, at: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('agreement_amendment')
    .set({ status: 'applied', applied_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('status', '=', 'scheduled')
    .where('effective_on', '<=', today)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function cancelAmendments(trx: TenantTransaction, ids: string[]): Promise<void> {
  if (ids.length)
    await trx
      .updateTable('agreement_amendment')
      .set({ status: 'cancelled' })
      .where('tenant_id', '=', trx.tenantId)
      .where('id', 'in', ids)
      .execute();
}

// The checklist of a change of offer or of leaving

export async function insertTasks(trx: TenantTransaction, rows: Array<InScope<TransitionTaskTable>>): Promise<void> {
  if (rows.length)
    await trx
      .insertInto('transition_task')
      .values(rows.map((row) => ({ ...row, tenant_id: trx.tenantId })))
      .execute();
}

export async function listTasks(trx: TenantTransaction): Promise<TransitionTask[]> {
  return trx
    .selectFrom('transition_task')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('created_at')
    .orderBy('position')
    .execute();
}

export async function findTask(trx: TenantTransaction, id: string): Promise<TransitionTask | undefined> {
  return trx
    .selectFrom('transition_task')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function setTaskStatus(
  trx: TenantTransaction,
  options: { id: string; status: TaskStatus; at: Date; byLabel: string },
): Promise<void> {
  await trx
    .updateTable('transition_task')
    .set({ status: options.status, updated_at: options.at, updated_by_label: options.byLabel })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', options.id)
    .execute();
}

// Across communes, for the operators' overview of deadlines

export async function listScheduledAmendmentsAllCommunes(db: Executor): Promise<AgreementAmendment[]> {
  return db.selectFrom('agreement_amendment').selectAll().where('status', '=', 'scheduled').execute();
}
