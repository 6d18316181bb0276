import { isUuid } from '../../platform/db/uuid.ts';
import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { NewJob } from '../../platform/jobs/jobs.repo.ts';
import {
  type FOLLOW_UP_JOB_COLUMNS,
  type InputRow,
  type NUMBER_RESERVATION_COLUMNS,
  type STORED_REQUEST_COLUMNS,
} from './store-requests.sql.ts';
import type { RequestMessageRow, RequestRow, RequestStatusChangeRow, SubmittedRequestRow } from './requests.tables.ts';

/**
 * Requests, their status timeline, messages and attachments. Writes run in the holding tenant's scope; a citizen's
 * own requests are listed across tenants by citizen (their dashboard), tracking codes are looked up globally
 * (the code itself is the credential, and it is long).
 */

/**
 * Takes `count` numbers of each tenant's yearly sequence in one atomic statement (never the same number twice) and
 * returns the last one taken per tenant and year: that tenant's numbers are last - count + 1 … last. Rows are locked
 * in one order, so two batches taking numbers for the same tenants never deadlock.
 */
export async function reserveRequestSequences(
  db: Executor,
  wanted: Array<{ tenantId: string; year: number; count: number }>,
): Promise<Map<string, number>> {
  const rows = wanted.map((w): InputRow<typeof NUMBER_RESERVATION_COLUMNS> => ({
    tenant_id: w.tenantId,
    year: w.year,
    count: w.count,
  }));
  // A function (store-requests.sql.ts): its plan is kept for the session instead of being made again for every batch.
  const result = await sql<{ reserved_tenant: string; reserved_year: number; reserved_last: number }>`
    SELECT * FROM communs_reserve_request_numbers(${JSON.stringify(rows)}::jsonb)`.execute(db);
  return new Map(result.rows.map((r) => [sequenceKey(r.reserved_tenant, r.reserved_year), r.reserved_last]));
}

export const sequenceKey = (tenantId: string, year: number) => `${tenantId}:${year}`;

export type NewRequest = {
  eserviceId: string;
  formVersionId: string;
  workflowVersionId: string;
  number: string;
  trackingCode: string;
  citizenUserId: string | null;
  contactEmail: string;
  contactSms: string | null;
  answers: Record<string, unknown>;
  status: string;
  submittedAt: Date;
  routing: unknown;
  communeInsee: string | null;
  acknowledgement: unknown;
  idempotency: { scope: string; key: string; fingerprint: string };
};

/**
 * Inserts one holder's requests and the first step of each one's timeline, in that holder's scope, and the job that
 * follows them, in one statement (communs_store_requests, store-requests.sql.ts). A request whose citizen already submitted
 * with its idempotency key (before, or earlier in the same batch) is not inserted: only the inserted rows are returned,
 * and the follow-up job is inserted only when at least one was.
 */
export async function insertRequests(
  db: Executor,
  tenantId: string,
  requests: Array<
    NewRequest & { id: string; first: { actorUserId: string | null; actorLabel: string; note: string | null } }
  >,
  followUp: NewJob,
): Promise<SubmittedRequestRow[]> {
  if (requests.length === 0) return [];
  const rows: SubmittedRequestRow[] = requests.map((r) => ({
    id: r.id,
    tenant_id: tenantId,
    eservice_id: r.eserviceId,
    form_version_id: r.formVersionId,
    workflow_version_id: r.workflowVersionId,
    number: r.number,
    tracking_code: r.trackingCode,
    citizen_user_id: r.citizenUserId,
    contact_email: r.contactEmail,
    contact_sms: r.contactSms,
    answers: r.answers,
    status: r.status,
    citizen_status: r.status,
    submitted_at: r.submittedAt,
    updated_at: r.submittedAt,
    routing: r.routing,
    commune_insee: r.communeInsee,
    acknowledgement: r.acknowledgement,
    idempotency_scope: r.idempotency.scope,
    idempotency_key: r.idempotency.key,
    idempotency_fingerprint: r.idempotency.fingerprint,
  }));
  // One JSON parameter whatever the batch size: the function's plan then serves every batch.
  const input = requests.map((r): InputRow<typeof STORED_REQUEST_COLUMNS> => ({
    id: r.id,
    eservice_id: r.eserviceId,
    form_version_id: r.formVersionId,
    workflow_version_id: r.workflowVersionId,
    number: r.number,
    tracking_code: r.trackingCode,
    citizen_user_id: r.citizenUserId,
    contact_email: r.contactEmail,
    contact_sms: r.contactSms,
    answers: r.answers,
    status: r.status,
    submitted_at: r.submittedAt,
    routing: r.routing,
    commune_insee: r.communeInsee,
    acknowledgement: r.acknowledgement,
    idempotency_scope: r.idempotency.scope,
    idempotency_key: r.idempotency.key,
    idempotency_fingerprint: r.idempotency.fingerprint,
    first_actor_user_id: r.first.actorUserId,
    first_actor_label: r.first.actorLabel,
    first_note: r.first.note,
  }));
  const job: InputRow<typeof FOLLOW_UP_JOB_COLUMNS> = {
    tenant_id: followUp.tenantId,
    queue: followUp.queue,
    name: followUp.name,
    payload: followUp.payload,
    run_at: followUp.runAt,
    created_at: followUp.createdAt,
    max_attempts: followUp.maxAttempts,
    dedupe_key: followUp.dedupeKey,
  };
  // Only the ids come back: the rows are what was just given (a submitted request has no column the database fills),
  // and sending answers, routing and acknowledgement back would cost about as much as inserting them.
  const result = await sql<{
    id: string;
  }>`SELECT id FROM communs_store_requests(${tenantId}::uuid, ${JSON.stringify(input)}::jsonb, ${JSON.stringify(job)}::jsonb)`.execute(
    db,
  );
  const inserted = new Set(result.rows.map((r) => r.id));
  return rows.filter((row) => inserted.has(row.id));
}

export async function findRequestByIdempotency(
  db: Executor,
  eserviceId: string,
  scope: string,
  key: string,
): Promise<RequestRow | undefined> {
  return db
    .selectFrom('request')
    .selectAll()
    .where('eservice_id', '=', eserviceId)
    .where('idempotency_scope', '=', scope)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export type SubmittedRequest = Pick<
  RequestRow,
  'id' | 'tracking_code' | 'citizen_user_id' | 'contact_email' | 'acknowledgement'
> & { closed_at: Date | null };

/** What the job after a batch of submissions needs of its requests (its acknowledgements, whether still open). */
export async function findSubmittedRequests(
  db: Executor,
  tenantId: string,
  ids: string[],
): Promise<SubmittedRequest[]> {
  return db
    .selectFrom('request')
    .select(['id', 'tracking_code', 'citizen_user_id', 'contact_email', 'acknowledgement', 'closed_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

/** What a module publishing requests needs of them (a public report): no contact, no citizen, no routing. */
export type RequestFacts = Pick<
  RequestRow,
  | 'id'
  | 'tenant_id'
  | 'eservice_id'
  | 'form_version_id'
  | 'workflow_version_id'
  | 'answers'
  | 'citizen_status'
  | 'closed_at'
  | 'submitted_at'
  | 'commune_insee'
>;

/** Those facts of the given requests of one holder (the requests of a batch of submissions). */
export async function listRequestFacts(
  db: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<RequestFacts[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('request')
    .select([
      'id',
      'tenant_id',
      'eservice_id',
      'form_version_id',
      'workflow_version_id',
      'answers',
      'citizen_status',
      'closed_at',
      'submitted_at',
      'commune_insee',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
}

export async function findRequest(trx: TenantTransaction, id: string): Promise<RequestRow | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('request')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Where a request is followed from: its holder, its tracking code, whether an account owns it (read across tenants). */
export async function findRequestLink(
  db: Executor,
  id: string,
): Promise<Pick<RequestRow, 'id' | 'tenant_id' | 'tracking_code' | 'citizen_user_id'> | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('request')
    .select(['id', 'tenant_id', 'tracking_code', 'citizen_user_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Which tenant holds a request (the draft that became it may belong to another). */
export async function findRequestHolder(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('request').select('tenant_id').where('id', '=', id).executeTakeFirst();
  return row?.tenant_id;
}

export async function findRequestByTrackingCode(db: Executor, code: string): Promise<RequestRow | undefined> {
  return db.selectFrom('request').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

/**
 * A citizen's requests, every administration together, most recently updated first. The dashboard shows the latest
 * 200 and lists a request sent on to another administration once, as it is now; the data export takes them all,
 * the first routing included (`{ limit: null, includeRerouted: true }`).
 */
export async function listRequestsOfCitizen(
  db: Executor,
  userId: string,
  options: { limit: number | null; includeRerouted?: boolean } = { limit: 200 },
): Promise<RequestRow[]> {
  let query = db.selectFrom('request').selectAll().where('citizen_user_id', '=', userId);
  if (!options.includeRerouted) query = query.where('rerouted_to', 'is', null);
  query = query.orderBy('updated_at', 'desc');
  return (options.limit === null ? query : query.limit(options.limit)).execute();
}

/** The request was sent on to another administration, which holds `newRequestId` now. */
export async function markRerouted(trx: TenantTransaction, id: string, newRequestId: string): Promise<void> {
  await trx.updateTable('request').set({ rerouted_to: newRequestId }).where('id', '=', id).execute();
}

export async function updateRequestStatus(
  db: Executor,
  id: string,
  values: { status: string; citizenStatus: string; updatedAt: Date | null },
): Promise<void> {
  await db
    .updateTable('request')
    .set({
      status: values.status,
      citizen_status: values.citizenStatus,
      ...(values.updatedAt ? { updated_at: values.updatedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** A message was written: the citizen's last update, and for the back-office the last activity (timers count from it). */
export async function touchRequest(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('request').set({ updated_at: at, activity_at: at }).where('id', '=', id).execute();
}

export async function insertStatusChange(
  db: Executor,
  change: {
    tenantId: string;
    requestId: string;
    at: Date;
    from: string | null;
    to: string;
    visibleToCitizen: boolean;
    actorUserId: string | null;
    actorLabel: string;
    note: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('request_status_change')
    .values({
      tenant_id: change.tenantId,
      request_id: change.requestId,
      at: change.at,
      from_status: change.from,
      to_status: change.to,
      visible_to_citizen: change.visibleToCitizen,
      actor_user_id: change.actorUserId,
      actor_label: change.actorLabel,
      note: change.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listStatusChanges(
  db: Executor,
  requestId: string,
  options: { citizenView: boolean },
): Promise<RequestStatusChangeRow[]> {
  let q = db.selectFrom('request_status_change').selectAll().where('request_id', '=', requestId).orderBy('id');
  if (options.citizenView) q = q.where('visible_to_citizen', '=', true);
  return q.execute();
}

export async function insertMessage(
  db: Executor,
  message: {
    tenantId: string;
    requestId: string;
    author: 'citizen' | 'administration';
    authorUserId: string | null;
    authorLabel: string;
    body: string;
    at: Date;
  },
): Promise<RequestMessageRow> {
  return db
    .insertInto('request_message')
    .values({
      tenant_id: message.tenantId,
      request_id: message.requestId,
      author: message.author,
      author_user_id: message.authorUserId,
      author_label: message.authorLabel,
      body: message.body,
      created_at: message.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listMessages(db: Executor, requestId: string): Promise<RequestMessageRow[]> {
  return db
    .selectFrom('request_message')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
}

export async function insertAttachment(
  db: Executor,
  attachment: {
    tenantId: string;
    requestId: string;
    messageId: string | null;
    fieldKey: string | null;
    storedFileId: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('request_attachment')
    .values({
      tenant_id: attachment.tenantId,
      request_id: attachment.requestId,
      message_id: attachment.messageId,
      field_key: attachment.fieldKey,
      stored_file_id: attachment.storedFileId,
      created_at: attachment.at,
    })
    .execute();
}

export type AttachmentView = {
  id: string;
  messageId: string | null;
  fieldKey: string | null;
  storedFileId: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  createdAt: Date;
};

export async function listAttachments(db: Executor, requestId: string): Promise<AttachmentView[]> {
  const rows = await db
    .selectFrom('request_attachment')
    .innerJoin('stored_file', 'stored_file.id', 'request_attachment.stored_file_id')
    .select([
      'request_attachment.id',
      'request_attachment.message_id',
      'request_attachment.field_key',
      'request_attachment.stored_file_id',
      'request_attachment.created_at',
      'stored_file.original_name',
      'stored_file.byte_size',
      'stored_file.media_type',
      'stored_file.sha256',
    ])
    .where('request_attachment.request_id', '=', requestId)
    .orderBy('request_attachment.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    fieldKey: r.field_key,
    storedFileId: r.stored_file_id,
    name: r.original_name,
    size: r.byte_size,
    mediaType: r.media_type,
    sha256: r.sha256,
    createdAt: r.created_at,
  }));
}

// A commune's whole data, for its exit archive (annexe Toodego §11: the commune gets its data back)

/** Requests the tenant still holds: not closed by a final status, not handed on to another administration. */
export async function listPendingRequests(
  trx: TenantTransaction,
): Promise<Array<Pick<RequestRow, 'id' | 'number' | 'status' | 'submitted_at' | 'eservice_id'>>> {
  return trx
    .selectFrom('request')
    .select(['id', 'number', 'status', 'submitted_at', 'eservice_id'])
    .where('tenant_id', '=', trx.tenantId)
    .where('closed_at', 'is', null)
    .where('rerouted_to', 'is', null)
    .orderBy('submitted_at')
    .execute();
}

export async function countTenantRequests(trx: TenantTransaction): Promise<number> {
  const row = await trx
    .selectFrom('request')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('tenant_id', '=', trx.tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The tenant's requests in id order, a page after `afterId` (the archive reads them in batches). */
export async function listTenantRequestsAfter(
  trx: TenantTransaction,
  afterId: string | null,
  limit: number,
): Promise<RequestRow[]> {
  let q = trx.selectFrom('request').selectAll().where('tenant_id', '=', trx.tenantId).orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}
