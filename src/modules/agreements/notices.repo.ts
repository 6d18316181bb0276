import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import type { InScope } from './agreements.repo.ts';
import type {
  AgreementDispute,
  AgreementDisputeTable,
  AgreementNotice,
  AgreementNoticeTable,
  DisputeStatus,
  NoticeStatus,
} from './agreements.tables.ts';

/**
 * The SQL of what the parties notify each other under an agreement: termination notices, formal notices (art. 12.2)
 * and claims (art. 13). Read and written in the commune's scope, except what the daily job and the operators' overview
 * read across communes.
 */

// Notices (termination) and formal notices (mises en demeure)

export async function insertNotice(
  trx: TenantTransaction,
  values: InScope<AgreementNoticeTable>,
): Promise<AgreementNotice> {
  return trx
    .insertInto('agreement_notice')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listNotices(trx: TenantTransaction): Promise<AgreementNotice[]> {
  return trx
    .selectFrom('agreement_notice')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('received_on', 'desc')
    .execute();
}

export async function findNotice(trx: TenantTransaction, id: string): Promise<AgreementNotice | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('agreement_notice')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function setNoticeStatus(
  trx: TenantTransaction,
  options: { id: string; status: NoticeStatus; resolvedOn: string | null },
): Promise<void> {
  await trx
    .updateTable('agreement_notice')
    .set({ status: options.status, resolved_on: options.resolvedOn })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', options.id)
    .execute();
}

/** Pending notices whose date has passed: formal notices left unremedied, terminations now effective. */
export async function listPendingNoticesDue(db: Executor, today: string): Promise<AgreementNotice[]> {
  return db
    .selectFrom('agreement_notice')
    .selectAll()
    .where('status', '=', 'pending')
    .where('deadline_on', '<', today)
    .execute();
}

// Disputes (art. 13)

export async function insertDispute(
  trx: TenantTransaction,
  values: InScope<AgreementDisputeTable>,
): Promise<AgreementDispute> {
  return trx
    .insertInto('agreement_dispute')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listDisputes(trx: TenantTransaction): Promise<AgreementDispute[]> {
  return trx
    .selectFrom('agreement_dispute')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('received_on', 'desc')
    .execute();
}

export async function findDispute(trx: TenantTransaction, id: string): Promise<AgreementDispute | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('agreement_dispute')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function answerDispute(
  trx: TenantTransaction,
  options: { id: string; status: DisputeStatus; answeredOn: string | null; answer: string | null },
): Promise<void> {
  await trx
    .updateTable('agreement_dispute')
    .set({ status: options.status, answered_on: options.answeredOn, answer: options.answer })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', options.id)
    .execute();
}

export async function listSilentDisputes(db: Executor, today: string): Promise<AgreementDispute[]> {
  return db
    .selectFrom('agreement_dispute')
    .selectAll()
    .where('status', '=', 'open')
    .where('answer_due_on', '<', today)
    .execute();
}

// Across communes, for the operators' overview of deadlines

export async function listOpenNoticesAllCommunes(db: Executor): Promise<AgreementNotice[]> {
  return db.selectFrom('agreement_notice').selectAll().where('status', 'in', ['pending', 'unremedied']).execute();
}

export async function listOpenDisputesAllCommunes(db: Executor): Promise<AgreementDispute[]> {
  return db.selectFrom('agreement_dispute').selectAll().where('status', '=', 'open').execute();
}
