import { randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { DB } from '../../platform/db/schema.ts';
import { enterTenantScope } from '../../platform/db/tenant-scope.ts';
import { findStoredFiles, insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import { AppError } from '../../platform/http/errors.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { EServiceRow } from '../catalogue/catalogue.tables.ts';
import { parseSettings } from '../catalogue/eservice-settings.ts';
import { instanceBase } from '../../platform/http/render.tsx';
import { type Answers, type FileAnswer, isFileAnswer } from '../forms/answers.ts';
import type { LoadedForm } from '../forms/form-versions.ts';
import type { PendingUpload } from '../forms/form-engine.ts';
import { type Acknowledgement, buildAcknowledgement } from './acknowledgement.ts';
import type { CitizenPrincipal } from './citizen-auth.ts';
import { markDraftSubmitted } from './drafts.repo.ts';
import { relayEmail } from './relay-email.ts';
import { findRequestByIdempotency, insertAttachment, insertRequest, insertStatusChange, nextRequestSequence, updateRequestStatus } from './requests.repo.ts';
import type { RequestRow } from './requests.tables.ts';
import { type RoutingDecision, routeRequest } from './routing/route-request.ts';
import { RELAYED_STATUS, SIMPLE_WORKFLOW, statusOf } from './workflow.ts';
import { loadWorkflow } from './workflows.repo.ts';
import { onRequestSubmitted } from '../backoffice/on-request-submitted.ts';

export type SubmitRequestOptions = {
  eservice: EServiceRow;
  provider: ResolvedTenant;
  form: LoadedForm;
  /** Validated answers; files already stored in the provider's tenant (a draft's) are FileAnswers. */
  answers: Answers;
  /** Validated uploads not stored yet (one-shot API submission). */
  uploads: PendingUpload[];
  citizen: CitizenPrincipal | null;
  contact: { email: string; sms: string | null };
  /** The same key from the same citizen for the same service never makes two requests (T2, DESIGN invariant 2). */
  idempotency: { key: string; fingerprint: string };
  draft?: { id: string; tenantId: string };
};

export type SubmitResult = { replayed: boolean; request: RequestRow; acknowledgement: Acknowledgement; routing: RoutingDecision; holder: ResolvedTenant };

class ConcurrentSubmission extends Error {}

/** "K7M2-XQ9P-4HDT": 60 random bits in Crockford's base 32 (no I, L, O, U), easy to read out and type. */
export function newTrackingCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Numbers say who holds the request and when: MET-2026-000042 (metropolis), 69091-2026-000007 (Givors). */
export function requestNumber(holder: ResolvedTenant, year: number, sequence: number): string {
  const code = holder.kind === 'metropole' ? 'MET' : (holder.insee_code ?? holder.slug.slice(0, 12).toUpperCase());
  return `${holder.isTestInstance ? 'TEST-' : ''}${code}-${year}-${String(sequence).padStart(6, '0')}`;
}

const yearInParis = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' });
const parisYear = (at: Date) => Number(yearInParis.format(at));

export function requestPath(holder: Pick<ResolvedTenant, 'kind' | 'slug' | 'environment'>, request: Pick<RequestRow, 'id' | 'tracking_code' | 'citizen_user_id'>): string {
  const base = instanceBase(holder);
  return request.citizen_user_id ? `${base}/mes-demandes/${request.id}` : `${base}/suivi/${request.tracking_code}`;
}

async function existingResult(services: Services, existing: RequestRow, fingerprint: string): Promise<SubmitResult> {
  if (existing.idempotency_fingerprint !== fingerprint) {
    throw new AppError('conflict', "Cette clé d'idempotence a déjà servi pour une autre demande. Utilisez une nouvelle clé pour une nouvelle demande.");
  }
  const holder = await services.tenants.byId(existing.tenant_id);
  if (!holder) throw new Error('holder tenant of an existing request not found');
  return {
    replayed: true,
    request: existing,
    acknowledgement: existing.acknowledgement as Acknowledgement,
    routing: existing.routing as RoutingDecision,
    holder,
  };
}

/** Gives the holder its own copy of each file row (the bytes are shared by hash): tenants never read each other's rows. */
async function fileRowsForHolder(trx: Transaction<DB>, services: Services, options: SubmitRequestOptions, holder: ResolvedTenant, at: Date): Promise<{ answers: Answers; files: Array<{ key: string; fileId: string }> }> {
  const answers: Answers = { ...options.answers };
  const files: Array<{ key: string; fileId: string }> = [];
  const held = Object.entries(options.answers).filter((entry): entry is [string, FileAnswer] => isFileAnswer(entry[1]));
  const heldRows = await findStoredFiles(trx, held.map(([, f]) => f.fileId));
  await enterTenantScope(trx, holder.id);
  for (const [key, file] of held) {
    const row = heldRows.find((r) => r.id === file.fileId);
    if (!row) throw new Error(`stored file ${file.fileId} of a draft not found`);
    const copy =
      row.tenant_id === holder.id
        ? row
        : await insertStoredFile(trx, { tenantId: holder.id, sha256: row.sha256, byteSize: row.byte_size, mediaType: row.media_type, originalName: row.original_name, createdBy: row.created_by, at });
    answers[key] = { ...file, fileId: copy.id };
    files.push({ key, fileId: copy.id });
  }
  for (const pending of options.uploads) {
    const stored = await services.files.put(pending.upload.bytes);
    const row = await insertStoredFile(trx, {
      tenantId: holder.id,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mediaType: pending.type.mediaType,
      originalName: pending.upload.filename,
      createdBy: options.citizen?.userId ?? null,
      at,
    });
    answers[pending.key] = { fileId: row.id, name: row.original_name, size: row.byte_size, mediaType: row.media_type };
    files.push({ key: pending.key, fileId: row.id });
  }
  return { answers, files };
}

/**
 * Submits a request (T2): routes it (T6–T8), numbers it, stores it with its first status in the timeline, and
 * enqueues in the same transaction the acknowledgement e-mail (T18) and, for a commune that does not process its
 * requests here, the relay e-mail (T8). A repeated submission with the same idempotency key returns the first request.
 */
export async function submitRequest(services: Services, options: SubmitRequestOptions): Promise<SubmitResult> {
  const { eservice, provider, citizen } = options;
  // A repeated key is caught by the unique index when inserting (no look-up first: one query less per submission;
  // a replay then costs a number, so numbers may have gaps, never duplicates).
  const scope = citizen ? `user:${citizen.userId}` : 'anonymous';

  const settings = parseSettings(eservice);
  const routing = await routeRequest({ db: services.db, tenants: services.tenants, owner: provider, settings, answers: options.answers });
  const holder = await services.tenants.byId(routing.holderTenantId);
  if (!holder) throw new Error('routing chose an unknown tenant');
  const workflow = eservice.workflow_version_id ? await loadWorkflow(services.db, eservice.workflow_version_id) : SIMPLE_WORKFLOW;
  const now = services.clock.now();
  const year = parisYear(now);
  const id = randomUUID();
  const trackingCode = newTrackingCode();
  const actorLabel = citizen ? citizen.displayName : 'Usager sans compte';

  // The number is taken in its own short statement: holding the counter's row lock for the whole submission would
  // queue every submission to one administration behind each other. A failed submission leaves a gap, never a duplicate.
  const number = requestNumber(holder, year, await nextRequestSequence(services.db, holder.id, year));
  try {
    return await services.db.transaction().execute(async (trx) => {
      const { answers, files } = await fileRowsForHolder(trx, services, options, holder, now);
      const acknowledgement = buildAcknowledgement({
        receivedAt: now,
        number,
        trackingCode,
        serviceTitle: eservice.title,
        providerName: provider.name,
        legal: settings.legal,
        routing,
      });
      const request = await insertRequest(trx, {
        id,
        tenantId: holder.id,
        eserviceId: eservice.id,
        formVersionId: options.form.id,
        workflowVersionId: eservice.workflow_version_id,
        number,
        trackingCode,
        citizenUserId: citizen?.userId ?? null,
        contactEmail: options.contact.email,
        contactSms: options.contact.sms,
        answers,
        status: workflow.initial,
        submittedAt: now,
        routing,
        communeInsee: routing.commune?.inseeCode ?? null,
        acknowledgement,
        idempotency: { scope, ...options.idempotency },
      }, { actorUserId: citizen?.userId ?? null, actorLabel, note: routing.explanation });
      // Another submission with this key committed between our check and our insert: theirs is the request.
      if (!request) throw new ConcurrentSubmission();
      for (const file of files) await insertAttachment(trx, { tenantId: holder.id, requestId: id, messageId: null, fieldKey: file.key, storedFileId: file.fileId, at: now });
      let current = request;
      if (routing.channel === 'email-relay' && routing.relayTo && statusOf(workflow, RELAYED_STATUS)) {
        const relayed = statusOf(workflow, RELAYED_STATUS);
        await insertStatusChange(trx, {
          tenantId: holder.id,
          requestId: id,
          at: now,
          from: workflow.initial,
          to: RELAYED_STATUS,
          visibleToCitizen: relayed?.visibleToCitizen ?? true,
          actorUserId: null,
          actorLabel: 'Plateforme (transmission automatique)',
          note: `Transmise par courriel à ${routing.competent.name} (${routing.relayTo}).`,
        });
        await updateRequestStatus(trx, id, { status: RELAYED_STATUS, citizenStatus: RELAYED_STATUS, updatedAt: null });
        current = { ...request, status: RELAYED_STATUS, citizen_status: RELAYED_STATUS };
        await queueEmail(trx, services.jobs, {
          to: routing.relayTo,
          tenantId: holder.id,
          dedupeKey: `relay:${id}`,
          content: relayEmail({ request: current, eservice, definition: options.form.definition, routing, holder, publicUrl: services.config.publicUrl }),
        });
        await recordAudit(trx, {
          actor: SYSTEM_ACTOR,
          tenantId: holder.id,
          action: 'request.relay',
          target: { type: 'request', id },
          details: { number, to: routing.relayTo, commune: routing.commune?.inseeCode ?? null, rule: routing.ruleId },
          at: now,
        });
      }
      await queueEmail(trx, services.jobs, {
        to: options.contact.email,
        tenantId: holder.id,
        dedupeKey: `ack:${id}`,
        content: {
          subject: `Accusé de réception : ${eservice.title} (n° ${number})`,
          greeting: citizen ? `Bonjour ${citizen.displayName},` : 'Bonjour,',
          paragraphs: acknowledgement.paragraphs,
          action: { label: 'Suivre votre demande', url: `${services.config.publicUrl}${requestPath(holder, current)}` },
          signature: `${routing.competent.office.name} — ${routing.competent.name}`,
        },
      });
      // The back-office (issue 5): the first status's actions and timers, and the agents' notification.
      await onRequestSubmitted(trx, services, { holder, request: current, workflow });
      if (options.draft) {
        await enterTenantScope(trx, options.draft.tenantId);
        await markDraftSubmitted(trx, options.draft.id, id, now);
      }
      return { replayed: false, request: current, acknowledgement, routing, holder };
    });
  } catch (error) {
    if (!(error instanceof ConcurrentSubmission)) throw error;
    const existing = await findRequestByIdempotency(services.db, eservice.id, scope, options.idempotency.key);
    if (!existing) throw error;
    return existingResult(services, existing, options.idempotency.fingerprint);
  }
}
