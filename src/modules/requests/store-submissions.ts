import type { Transaction } from 'kysely';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { ItemOutcome } from '../../platform/db/group-commit.ts';
import type { DB, StoredFile } from '../../platform/db/schema.ts';
import { boundTo, enterTenantScope, type Executor } from '../../platform/db/tenant-scope.ts';
import { findStoredFiles, insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type PlannedJob, planJob } from '../../platform/jobs/queue.ts';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { onRequestSubmitted, submissionHasWork } from './processing/on-request-submitted.ts';
import { type Answers, type FileAnswer, isFileAnswer } from '../forms/index.ts';
import { type Acknowledgement, buildAcknowledgement } from './acknowledgement.ts';
import { markDraftSubmitted } from './drafts.repo.ts';
import { relayEmail } from './relay-email.ts';
import { requestRelayed } from './request-events.ts';
import {
  findRequestByIdempotency,
  insertAttachment,
  insertRequests,
  insertStatusChange,
  reserveRequestSequences,
  sequenceKey,
  updateRequestStatus,
} from './requests.repo.ts';
import type { SubmittedRequestRow } from './requests.tables.ts';
import { submissionsFollowUpJob } from './submissions-follow-up.job.ts';
import { type PreparedSubmission, requestNumber, type SubmitResult } from './submission.ts';
import { RELAYED_STATUS, statusOf } from '../workflows/index.ts';

export type Numbered = PreparedSubmission & { number: string; acknowledgement: Acknowledgement };

/**
 * Stores a batch of submissions (the group commit of submitRequest): numbers for all of them in one statement, then,
 * per holding administration, the requests and the first step of their timelines with one job that follows them all
 * (acknowledgement e-mails, agents' notifications, search entries) in one statement. A batch of plain
 * submissions to one administration is that one statement, its own transaction; rare steps (files, relays, first
 * statuses with actions, drafts) make it one transaction with those steps per request. A submission whose
 * idempotency key was already used gets the request it made first.
 */
export async function storeSubmissions(
  services: Services,
  items: PreparedSubmission[],
): Promise<Array<ItemOutcome<SubmitResult>>> {
  const numbered = await numberSubmissions(services, items);
  const groups = [...Map.groupBy(numbered, (item) => item.holder.id).values()];
  const only = groups.length === 1 ? groups[0] : undefined;
  const stored =
    only && only.every(isPlain)
      ? await insertHolderRequests(services.db, services, only, new Map())
      : await services.db.transaction().execute(async (trx) => {
          const results = new Map<string, SubmitResult>();
          // Before any tenant scope: a draft's files belong to the service's provider, not always to the holder.
          const heldRows = await findStoredFiles(
            trx,
            numbered.flatMap((item) => heldFiles(item.answers).map(([, file]) => file.fileId)),
          );
          for (const group of groups) {
            for (const [id, result] of await storeHolderBatch(trx, services, group, heldRows)) results.set(id, result);
          }
          for (const item of numbered) {
            if (!item.draft || !results.has(item.id)) continue;
            await enterTenantScope(trx, item.draft.tenantId);
            await markDraftSubmitted(trx, item.draft.id, item.id, item.receivedAt);
          }
          return results;
        });
  return Promise.all(
    numbered.map(async (item): Promise<ItemOutcome<SubmitResult>> => {
      const result = stored.get(item.id);
      if (result) return { ok: true, value: result };
      try {
        return { ok: true, value: await replayed(services, item) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
}

/**
 * A request an agent sends on to another administration, stored like a submission in the caller's transaction (which
 * decides, with it, the fate of the request it replaces): numbered first, in its own statement, as submissions are.
 */
export async function numberResubmission(services: Services, item: PreparedSubmission): Promise<Numbered> {
  const [numbered] = await numberSubmissions(services, [item]);
  if (!numbered) throw new Error('a resubmission was not numbered');
  return numbered;
}

/** Stores a numbered resubmission in the caller's transaction, started outside any tenant scope. */
export async function storeResubmission(
  trx: Transaction<DB>,
  services: Services,
  item: Numbered,
): Promise<SubmitResult | undefined> {
  const heldRows = await findStoredFiles(
    trx,
    heldFiles(item.answers).map(([, file]) => file.fileId),
  );
  return (await storeHolderBatch(trx, services, [item], heldRows)).get(item.id);
}

/** Nothing to do for it besides its row, its first step and its follow-up job. */
function isPlain(item: Numbered): boolean {
  return (
    !item.draft &&
    item.uploads.length === 0 &&
    heldFiles(item.answers).length === 0 &&
    !relayTarget(item) &&
    !submissionHasWork(item.workflow, item.workflow.initial)
  );
}

/**
 * Numbers are taken in their own short statement: holding a number sequence's row lock for the whole transaction would queue
 * every batch to one administration behind the previous one. A failed batch leaves gaps, never a duplicate.
 */
async function numberSubmissions(services: Services, items: PreparedSubmission[]): Promise<Numbered[]> {
  const counts = new Map<string, { tenantId: string; year: number; count: number }>();
  for (const item of items) {
    const key = sequenceKey(item.holder.id, item.year);
    const entry = counts.get(key) ?? { tenantId: item.holder.id, year: item.year, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const last = await reserveRequestSequences(services.db, [...counts.values()]);
  const next = new Map([...counts].map(([key, entry]) => [key, (last.get(key) ?? entry.count) - entry.count + 1]));
  return items.map((item) => {
    const key = sequenceKey(item.holder.id, item.year);
    const sequence = next.get(key) ?? 1;
    next.set(key, sequence + 1);
    const number = requestNumber(item.holder, item.year, sequence);
    const acknowledgement = buildAcknowledgement({
      receivedAt: item.receivedAt,
      number,
      trackingCode: item.trackingCode,
      serviceTitle: item.eservice.title,
      providerName: item.provider.name,
      legal: item.legal,
      routing: item.routing,
      transmission: item.transmission,
    });
    return { ...item, number, acknowledgement };
  });
}

/** In the holder's scope: files, the requests with their first steps and follow-up job, then the rare steps. */
async function storeHolderBatch(
  trx: Transaction<DB>,
  services: Services,
  group: Numbered[],
  heldRows: StoredFile[],
): Promise<Map<string, SubmitResult>> {
  const holder = group[0]?.holder;
  if (!holder) return new Map();
  const withFiles = new Map<string, { answers: Answers; files: Array<{ key: string; fileId: string }> }>();
  if (group.some((item) => item.uploads.length || heldFiles(item.answers).length)) {
    await enterTenantScope(trx, holder.id);
    for (const item of group) withFiles.set(item.id, await fileRowsForHolder(trx, services, item, heldRows));
  }
  const results = await insertHolderRequests(trx, services, group, withFiles);
  // In the holder's scope from here on: the statement entered it.
  const scoped = boundTo(trx, holder.id);
  const jobs: PlannedJob[] = [];
  for (const [id, result] of results) {
    const item = group.find((g) => g.id === id);
    if (!item) continue;
    for (const file of withFiles.get(id)?.files ?? []) {
      await insertAttachment(trx, {
        tenantId: holder.id,
        requestId: id,
        messageId: null,
        fieldKey: file.key,
        storedFileId: file.fileId,
        at: item.receivedAt,
      });
    }
    const current = await relayIfNotMember(scoped, services, item, result.request, jobs);
    // The first status's actions and timers.
    await onRequestSubmitted(scoped, services, { holder, request: current, workflow: item.workflow });
    results.set(id, { ...result, request: current });
  }
  // Relays' e-mails (rare).
  if (jobs.length) await services.jobs.enqueueAll(trx, jobs);
  return results;
}

/**
 * One holder's requests, their first steps and the job that follows them, in one statement. The job is inserted with
 * the requests, and only if one of them was (a replayed key's id is listed but never found by the job).
 */
async function insertHolderRequests(
  db: Executor,
  services: Services,
  group: Numbered[],
  withFiles: Map<string, { answers: Answers }>,
): Promise<Map<string, SubmitResult>> {
  const holder = group[0]?.holder;
  if (!holder) return new Map();
  const followUp = services.jobs.prepare(
    planJob(
      submissionsFollowUpJob,
      {
        tenantId: holder.id,
        requests: group.map((item) => ({ id: item.id, citizenName: item.citizen?.displayName ?? null })),
      },
      { tenantId: holder.id },
    ),
  );
  const inserted = await insertRequests(
    db,
    holder.id,
    group.map((item) => ({
      id: item.id,
      eserviceId: item.eservice.id,
      formVersionId: item.form.id,
      workflowVersionId: item.eservice.workflow_version_id,
      number: item.number,
      trackingCode: item.trackingCode,
      citizenUserId: item.citizen?.userId ?? null,
      contactEmail: item.contact.email,
      contactSms: item.contact.sms,
      answers: withFiles.get(item.id)?.answers ?? item.answers,
      status: item.workflow.initial,
      submittedAt: item.receivedAt,
      routing: item.routing,
      communeInsee: item.routing.commune?.inseeCode ?? null,
      acknowledgement: item.acknowledgement,
      idempotency: { scope: item.scope, key: item.idempotency.key, fingerprint: item.idempotency.fingerprint },
      first: {
        actorUserId: item.citizen?.userId ?? null,
        actorLabel: item.citizen ? item.citizen.displayName : 'Usager sans compte',
        note: item.routing.explanation,
      },
    })),
    followUp,
  );
  const results = new Map<string, SubmitResult>();
  for (const request of inserted) {
    const item = group.find((g) => g.id === request.id);
    if (item)
      results.set(item.id, {
        replayed: false,
        request,
        acknowledgement: item.acknowledgement,
        routing: item.routing,
        holder,
      });
  }
  return results;
}

/** Where a request goes by e-mail at once: a commune that does not process its requests here. */
function relayTarget(item: Numbered): { to: string; status: NonNullable<ReturnType<typeof statusOf>> } | null {
  const relayed = statusOf(item.workflow, RELAYED_STATUS);
  return item.routing.channel === 'email-relay' && item.routing.relayTo && relayed
    ? { to: item.routing.relayTo, status: relayed }
    : null;
}

/** A commune that does not process its requests here gets this one by e-mail at once; it is closed here. */
async function relayIfNotMember(
  trx: Transaction<DB>,
  services: Services,
  item: Numbered,
  request: SubmittedRequestRow,
  jobs: PlannedJob[],
): Promise<SubmittedRequestRow> {
  const { routing, workflow, holder, id } = item;
  const relay = relayTarget(item);
  if (!relay) return request;
  await insertStatusChange(trx, {
    tenantId: holder.id,
    requestId: id,
    at: item.receivedAt,
    from: workflow.initial,
    to: RELAYED_STATUS,
    visibleToCitizen: relay.status.visibleToCitizen,
    actorUserId: null,
    actorLabel: 'Plateforme (transmission automatique)',
    note: `Transmise par courriel à ${routing.competent.name} (${relay.to}).`,
  });
  await updateRequestStatus(trx, id, { status: RELAYED_STATUS, citizenStatus: RELAYED_STATUS, updatedAt: null });
  const current = { ...request, status: RELAYED_STATUS, citizen_status: RELAYED_STATUS };
  jobs.push(
    emailJob({
      to: relay.to,
      tenantId: holder.id,
      dedupeKey: `relay:${id}`,
      content: relayEmail({
        request: current,
        eservice: item.eservice,
        definition: item.form.definition,
        routing,
        holder,
        publicUrl: services.config.publicUrl,
      }),
    }),
  );
  await recordAudit(trx, {
    actor: SYSTEM_ACTOR,
    tenantId: holder.id,
    action: 'request.relay',
    target: { type: 'request', id },
    details: { number: item.number, to: relay.to, commune: routing.commune?.inseeCode ?? null, rule: routing.ruleId },
    at: item.receivedAt,
  });
  await services.events.emit(trx, requestRelayed, {
    holder,
    request: {
      id,
      number: item.number,
      submittedAt: item.receivedAt,
      contactEmail: current.contact_email,
      answers: current.answers as Answers,
    },
    eservice: { slug: item.eservice.slug, title: item.eservice.title },
    routing,
  });
  return current;
}

const heldFiles = (answers: Answers) =>
  Object.entries(answers).filter((entry): entry is [string, FileAnswer] => isFileAnswer(entry[1]));

/** Gives the holder its own copy of each file row (the bytes are shared by hash): tenants never read each other's rows. */
async function fileRowsForHolder(
  trx: Transaction<DB>,
  services: Services,
  item: Numbered,
  heldRows: StoredFile[],
): Promise<{ answers: Answers; files: Array<{ key: string; fileId: string }> }> {
  const answers: Answers = { ...item.answers };
  const files: Array<{ key: string; fileId: string }> = [];
  for (const [key, file] of heldFiles(item.answers)) {
    const row = heldRows.find((r) => r.id === file.fileId);
    if (!row) throw new Error(`stored file ${file.fileId} of a draft not found`);
    const copy =
      row.tenant_id === item.holder.id
        ? row
        : await insertStoredFile(trx, {
            tenantId: item.holder.id,
            sha256: row.sha256,
            byteSize: row.byte_size,
            mediaType: row.media_type,
            originalName: row.original_name,
            createdBy: row.created_by,
            at: item.receivedAt,
          });
    answers[key] = { ...file, fileId: copy.id };
    files.push({ key, fileId: copy.id });
  }
  for (const pending of item.uploads) {
    const stored = await services.files.put(pending.upload.bytes);
    const row = await insertStoredFile(trx, {
      tenantId: item.holder.id,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mediaType: pending.type.mediaType,
      originalName: pending.upload.filename,
      createdBy: item.citizen?.userId ?? null,
      at: item.receivedAt,
    });
    answers[pending.key] = { fileId: row.id, name: row.original_name, size: row.byte_size, mediaType: row.media_type };
    files.push({ key: pending.key, fileId: row.id });
  }
  return { answers, files };
}

/** The request this citizen already made with this key (a retried call, a double click, the same key in one batch). */
async function replayed(services: Services, item: Numbered): Promise<SubmitResult> {
  const existing = await findRequestByIdempotency(services.db, item.eservice.id, item.scope, item.idempotency.key);
  if (!existing) throw new Error('a submission was neither inserted nor found by its idempotency key');
  if (existing.idempotency_fingerprint !== item.idempotency.fingerprint) {
    throw new AppError(
      'conflict',
      "Cette clé d'idempotence a déjà servi pour une autre demande. Utilisez une nouvelle clé pour une nouvelle demande.",
    );
  }
  const holder = await services.tenants.byId(existing.tenant_id);
  if (!holder) throw new Error('holder tenant of an existing request not found');
  return {
    replayed: true,
    request: existing,
    acknowledgement: existing.acknowledgement as Acknowledgement,
    routing: existing.routing as SubmitResult['routing'],
    holder,
  };
}
