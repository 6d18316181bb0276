import { isUuid } from '../../platform/db/uuid.ts';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { RequestDraftRow } from './requests.tables.ts';

/** Drafts: a form being filled, page by page, in the provider's tenant; resumable from the dashboard. */

export type DraftOwner = { userId: string } | { anonymousHash: string };

export async function insertDraft(
  db: Executor,
  draft: {
    tenantId: string;
    eserviceId: string;
    formVersionId: string;
    owner: DraftOwner;
    answers: Record<string, unknown>;
    idempotencyKey: string;
    at: Date;
  },
): Promise<RequestDraftRow> {
  return db
    .insertInto('request_draft')
    .values({
      tenant_id: draft.tenantId,
      eservice_id: draft.eserviceId,
      form_version_id: draft.formVersionId,
      citizen_user_id: 'userId' in draft.owner ? draft.owner.userId : null,
      anonymous_owner_hash: 'anonymousHash' in draft.owner ? draft.owner.anonymousHash : null,
      answers: JSON.stringify(draft.answers),
      idempotency_key: draft.idempotencyKey,
      created_at: draft.at,
      updated_at: draft.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findDraft(trx: TenantTransaction, id: string): Promise<RequestDraftRow | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('request_draft')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateDraft(
  db: Executor,
  id: string,
  values: {
    answers: Record<string, unknown>;
    reachedPage: number;
    contact?: { email?: string; sms?: string };
    at: Date;
  },
): Promise<void> {
  await db
    .updateTable('request_draft')
    .set({
      answers: JSON.stringify(values.answers),
      reached_page: values.reachedPage,
      ...(values.contact ? { contact: JSON.stringify(values.contact) } : {}),
      updated_at: values.at,
    })
    .where('id', '=', id)
    .where('submitted_request_id', 'is', null)
    .execute();
}

export async function markDraftSubmitted(db: Executor, id: string, requestId: string, at: Date): Promise<void> {
  await db
    .updateTable('request_draft')
    .set({ submitted_request_id: requestId, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function deleteDraft(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('request_draft').where('id', '=', id).where('submitted_request_id', 'is', null).execute();
}

/**
 * A citizen's open drafts, whatever the provider (their own data; the filter is the citizen); the dashboard shows the
 * latest 100, the data export takes them all (`limit: null`).
 */
export async function listOpenDraftsOfCitizen(
  db: Executor,
  userId: string,
  options: { limit: number | null } = { limit: 100 },
): Promise<RequestDraftRow[]> {
  const query = db
    .selectFrom('request_draft')
    .selectAll()
    .where('citizen_user_id', '=', userId)
    .where('submitted_request_id', 'is', null)
    .orderBy('updated_at', 'desc');
  return (options.limit === null ? query : query.limit(options.limit)).execute();
}

/** The open drafts of one owner for one e-service (offered for resumption on the service's page). */
export async function listOpenDraftsForService(
  trx: TenantTransaction,
  eserviceId: string,
  owner: DraftOwner,
): Promise<RequestDraftRow[]> {
  let q = trx
    .selectFrom('request_draft')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('eservice_id', '=', eserviceId)
    .where('submitted_request_id', 'is', null)
    .orderBy('updated_at', 'desc')
    .limit(5);
  q =
    'userId' in owner
      ? q.where('citizen_user_id', '=', owner.userId)
      : q.where('anonymous_owner_hash', '=', owner.anonymousHash);
  return q.execute();
}
