import type { Transaction } from 'kysely';
import type { AuditActor } from '../../../platform/audit/audit.repo.ts';
import { findAccountByEmail } from '../../../platform/auth/accounts.repo.ts';
import type { DB } from '../../../platform/db/schema.ts';
import { enterTenantScope } from '../../../platform/db/tenant-scope.ts';
import { insertStoredFile } from '../../../platform/files/stored-files.repo.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { gruRequestPath } from '../paths.ts';
import type { Acknowledgement } from '../acknowledgement.ts';
import { notifyRequestEvent, signatureOf, tellCitizen } from '../citizen-notifications.ts';
import { type CheckedMessage, storeMessage } from '../message-input.ts';
import type { RoutingDecision } from '../routing/route-request.ts';
import { requestPath } from '../submission.ts';
import { statusOf, type WorkflowAction, type WorkflowDefinition, type WorkflowRole } from '../../workflows/index.ts';
import { insertRequestEvent, updateProcessing } from './processing.repo.ts';
import type { RequestRow } from './../requests.tables.ts';
import { tellAgents } from './agent-mail.job.ts';
import { renderTemplate, type TemplateValues } from './render-template.ts';
import type { StepInput } from './step-input.ts';
import { webhookJob } from './webhook.job.ts';

/** Who makes a request move: an agent (or administrator), a partner's software, the platform itself, the citizen. */
export type ProcessingActor = AuditActor & { kind: 'agent' | 'client' | 'system' | 'citizen'; roles: WorkflowRole[] };

export type ActionContext = {
  trx: Transaction<DB>;
  services: Services;
  holder: ResolvedTenant;
  workflow: WorkflowDefinition;
  actor: ProcessingActor;
  input: StepInput;
  at: Date;
  /** The status change the actions run for (null for a button). */
  statusChangeId: string | null;
  /** Names this run of actions, for the dedupe keys of what they enqueue (a replay sends nothing twice). */
  eventKey: string;
};

/** The actions' outcome: the request as they left it, and the citizen channels that were used. */
export type ActionsOutcome = { request: RequestRow; notified: string[] };

/** How the citizen sees the administration writing: the competent office, not an agent's name. */
export function officeName(request: RequestRow): string {
  return (request.routing as RoutingDecision).competent.office.name;
}

function templateValues(ctx: ActionContext, request: RequestRow, forAgents: boolean): TemplateValues {
  const base = ctx.services.config.publicUrl;
  return {
    numero: request.number,
    demarche: (request.acknowledgement as Acknowledgement).serviceTitle,
    statut:
      (forAgents
        ? statusOf(ctx.workflow, request.status)?.label
        : statusOf(ctx.workflow, request.citizen_status)?.citizenLabel) ?? request.status,
    texte: ctx.input.text ?? '',
    lien: forAgents ? `${base}${gruRequestPath(ctx.holder, request.id)}` : `${base}${requestPath(ctx.holder, request)}`,
    administration: officeName(request),
  };
}

/** Runs a list of actions in order, in the caller's transaction, each result kept in the request's history. */
export async function runActions(
  ctx: ActionContext,
  actions: readonly WorkflowAction[],
  start: RequestRow,
): Promise<ActionsOutcome> {
  let request = start;
  const notified = new Set<string>();
  for (const [index, action] of actions.entries()) {
    const key = `${ctx.eventKey}:${index}`;
    const outcome = await runAction(ctx, action, request, key);
    request = outcome.request ?? request;
    for (const channel of outcome.notified ?? []) notified.add(channel);
    await insertRequestEvent(ctx.trx, {
      tenantId: ctx.holder.id,
      requestId: request.id,
      at: ctx.at,
      kind: outcome.kind ?? 'action',
      actorUserId: ctx.actor.userId,
      actorLabel: ctx.actor.label,
      statusChangeId: ctx.statusChangeId,
      summary: outcome.summary,
      details: { action: action.type, ...outcome.details },
    });
  }
  return { request, notified: [...notified] };
}

type ActionResult = {
  summary: string;
  kind?: 'action' | 'note' | 'assignment' | 'document';
  details?: Record<string, unknown>;
  notified?: string[];
  request?: RequestRow;
};

async function runAction(
  ctx: ActionContext,
  action: WorkflowAction,
  request: RequestRow,
  key: string,
): Promise<ActionResult> {
  const { trx, services, holder } = ctx;
  switch (action.type) {
    case 'notifyCitizen': {
      const message = renderTemplate(action.template, templateValues(ctx, request, false));
      const url = `${services.config.publicUrl}${requestPath(holder, request)}`;
      const channels = await tellCitizen(
        trx,
        services,
        holder,
        request,
        'status',
        {
          ...message,
          action: { label: 'Voir votre demande', url },
          signature: signatureOf(request),
          sms: `${message.subject} : ${url}`.slice(0, 480),
        },
        `workflow:${key}`,
      );
      return {
        summary: channels.length
          ? `Usager prévenu (${channels.join(', ')}) : « ${message.subject} »`
          : 'Usager sans adresse : rien envoyé',
        details: { subject: message.subject, channels },
        notified: channels,
      };
    }
    case 'notifyAgents': {
      const message = renderTemplate(action.template, templateValues(ctx, request, true));
      await tellAgents(trx, services, holder, request.id, {
        to: action.to,
        ...(action.role ? { role: action.role } : {}),
        subject: message.subject,
        paragraphs: message.paragraphs,
        action: { label: 'Ouvrir la demande' },
        eventKey: key,
        kind: 'status',
      });
      const who =
        action.to === 'assignee'
          ? 'à l’agent qui la traite'
          : action.to === 'all'
            ? 'aux agents'
            : `aux ${action.role === 'admin' ? 'administrateurs' : 'agents'}`;
      return {
        summary: `Courriel ${who} mis en file : « ${message.subject} »`,
        details: { to: action.to, role: action.role ?? null },
      };
    }
    case 'assign':
      return assign(ctx, action, request);
    case 'comment':
    case 'askCitizen': {
      const body = action.text ?? ctx.input.text ?? '';
      if (action.type === 'comment' && action.visibility === 'internal') {
        return { kind: 'note', summary: 'Note interne', details: { body } };
      }
      const message = await writeToCitizen(ctx, request, { body, file: null });
      const channels =
        action.type === 'askCitizen'
          ? await askCitizen(ctx, request, body, message.id)
          : await notifyRequestEvent(trx, services, holder, request, {
              kind: 'message',
              from: officeName(request),
              eventId: message.id,
            });
      return {
        summary: action.type === 'askCitizen' ? 'Question posée à l’usager (message)' : 'Message à l’usager',
        details: { messageId: message.id, channels },
        notified: channels,
      };
    }
    case 'attachDocument':
      return attachDocument(ctx, action, request);
    case 'webhook': {
      const status = statusOf(ctx.workflow, request.status);
      await services.jobs.enqueue(
        trx,
        webhookJob,
        {
          tenantId: holder.id,
          requestId: request.id,
          url: action.url,
          eventId: key,
          body: {
            id: key,
            type: action.event ?? 'request.status_changed',
            occurredAt: ctx.at.toISOString(),
            tenant: { slug: holder.slug, name: holder.name },
            request: {
              id: request.id,
              number: request.number,
              service: (request.acknowledgement as Acknowledgement).serviceTitle,
              status: {
                key: request.status,
                label: status?.label ?? request.status,
                final: status?.final ?? false,
                outcome: status?.outcome ?? null,
              },
              submittedAt: request.submitted_at.toISOString(),
              url: `${services.config.publicUrl}${gruRequestPath(holder, request.id)}`,
            },
          },
        },
        { tenantId: holder.id, dedupeKey: `webhook:${key}` },
      );
      return {
        summary: `Appel signé vers ${new URL(action.url).origin} mis en file`,
        details: { url: action.url, eventId: key },
      };
    }
  }
}

/** A message of the competent office in the request's thread (the citizen reads it on their dashboard). */
function writeToCitizen(ctx: ActionContext, request: RequestRow, message: CheckedMessage) {
  return storeMessage(ctx.trx, ctx.services, {
    tenantId: ctx.holder.id,
    requestId: request.id,
    author: 'administration',
    authorUserId: ctx.actor.userId,
    authorLabel: officeName(request),
    message,
    at: ctx.at,
  });
}

async function askCitizen(
  ctx: ActionContext,
  request: RequestRow,
  question: string,
  messageId: string,
): Promise<string[]> {
  const title = (request.acknowledgement as Acknowledgement).serviceTitle;
  const url = `${ctx.services.config.publicUrl}${requestPath(ctx.holder, request)}`;
  return tellCitizen(
    ctx.trx,
    ctx.services,
    ctx.holder,
    request,
    'message',
    {
      subject: `Votre demande n° ${request.number} : des informations vous sont demandées`,
      paragraphs: [
        `${officeName(request)} a besoin d'informations pour traiter votre demande « ${title} » (n° ${request.number}) :`,
        question,
        'Répondez par un message depuis la page de votre demande : son traitement reprendra dès votre réponse.',
      ],
      action: { label: 'Répondre', url },
      signature: signatureOf(request),
      sms: `Demande ${request.number} : des informations vous sont demandées. Répondez sur ${url}`,
    },
    `notify:${request.id}:question:${messageId}`,
  );
}

async function assign(
  ctx: ActionContext,
  action: Extract<WorkflowAction, { type: 'assign' }>,
  request: RequestRow,
): Promise<ActionResult> {
  const { trx, holder, at } = ctx;
  if (action.to === 'nobody') {
    const updated = await updateProcessing(trx, request, { assignment: { userId: null, role: null } }, at);
    return {
      kind: 'assignment',
      summary: 'Demande libérée : personne ne la traite',
      request: updated,
      details: { to: null },
    };
  }
  if (action.to === 'role' && action.role) {
    const updated = await updateProcessing(trx, request, { assignment: { userId: null, role: action.role } }, at);
    return {
      kind: 'assignment',
      summary: `Demande confiée aux ${action.role === 'admin' ? 'administrateurs' : 'agents'}`,
      request: updated,
      details: { role: action.role },
    };
  }
  let userId: string | null = null;
  let label = '';
  if (action.to === 'actor') {
    if (ctx.actor.kind !== 'agent' || !ctx.actor.userId)
      return { summary: 'Attribution à l’agent qui agit : sans objet (aucun agent)' };
    if (request.assigned_user_id === ctx.actor.userId) return { summary: `Déjà attribuée à ${ctx.actor.label}` };
    userId = ctx.actor.userId;
    label = ctx.actor.label;
  } else if (action.email) {
    const account = await findAccountByEmail(trx, action.email);
    const agent = account ? await holdsProcessingRole(trx, holder, account.id) : false;
    if (!account || !agent)
      return {
        summary: `Attribution impossible : ${action.email} n’est pas agent de ${holder.production.name}`,
        details: { email: action.email },
      };
    userId = account.id;
    label = account.display_name;
  }
  const updated = await updateProcessing(trx, request, { assignment: { userId, role: null } }, at);
  return { kind: 'assignment', summary: `Attribuée à ${label}`, request: updated, details: { userId } };
}

/** Whether an account processes this tenant's requests; roles are read in the production tenant's scope. */
async function holdsProcessingRole(trx: Transaction<DB>, holder: ResolvedTenant, userId: string): Promise<boolean> {
  const switchScope = holder.production.id !== holder.id;
  if (switchScope) await enterTenantScope(trx, holder.production.id);
  const row = await trx
    .selectFrom('role_assignment')
    .select('id')
    .where('tenant_id', '=', holder.production.id)
    .where('user_id', '=', userId)
    .where('role', 'in', ['agent', 'admin'])
    .executeTakeFirst();
  if (switchScope) await enterTenantScope(trx, holder.id);
  return !!row;
}

async function attachDocument(
  ctx: ActionContext,
  action: Extract<WorkflowAction, { type: 'attachDocument' }>,
  request: RequestRow,
): Promise<ActionResult> {
  const { trx, services, holder, at } = ctx;
  const file = ctx.input.file;
  if (!file) return { summary: `${action.label} : aucun document joint` };
  if (action.visibleToCitizen) {
    const message = await writeToCitizen(ctx, request, { body: `${action.label} : ${file.upload.filename}`, file });
    const channels = await notifyRequestEvent(trx, services, holder, request, {
      kind: 'message',
      from: officeName(request),
      eventId: message.id,
    });
    return {
      kind: 'document',
      summary: `${action.label} joint pour l’usager : ${file.upload.filename}`,
      details: { messageId: message.id, name: file.upload.filename, visibleToCitizen: true },
      notified: channels,
    };
  }
  const stored = await services.files.put(file.upload.bytes);
  const row = await insertStoredFile(trx, {
    tenantId: holder.id,
    sha256: stored.sha256,
    byteSize: stored.byteSize,
    mediaType: file.type.mediaType,
    originalName: file.upload.filename.slice(0, 255),
    createdBy: ctx.actor.userId,
    at,
  });
  return {
    kind: 'document',
    summary: `${action.label} (interne) : ${file.upload.filename}`,
    details: {
      storedFileId: row.id,
      name: row.original_name,
      size: row.byte_size,
      mediaType: row.media_type,
      visibleToCitizen: false,
    },
  };
}
