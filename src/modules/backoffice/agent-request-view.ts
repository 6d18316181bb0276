import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { type Executor, withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type Answers, type FormDefinition, isPointAnswer, loadFormVersion, type PointAnswer } from '../forms/index.ts';
import {
  type Acknowledgement,
  type AttachmentView,
  listAttachments,
  listMessages,
  listOpenTimers,
  listRequestEvents,
  listStatusChanges,
  type ProcessingAgent,
  type RequestEventKind,
  type RequestEventRow,
  type RequestRow,
  type RoutingDecision,
  findBoundary,
  listAgentsOfService,
} from '../requests/index.ts';
import {
  fileInputOf,
  loadWorkflow,
  statusOf,
  textInputOf,
  type WorkflowAction,
  type WorkflowDefinition,
  type WorkflowRole,
  type WorkflowStatus,
} from '../workflows/index.ts';

/** A workflow button as the request page offers it: what it does, and what it asks the agent for. */
export type StepButton = {
  kind: 'transition' | 'button';
  /** The target status (transition) or the button's key. */
  key: string;
  label: string;
  text: { label: string; kind: 'question' | 'citizen' | 'internal' } | null;
  file: { label: string; required: boolean; visibleToCitizen: boolean } | null;
  /** A transition to a status the citizen sees may carry a note shown with it. */
  note: boolean;
  /** What pressing it will do, in words (transparency for the agent). */
  effects: string[];
};

export type HistoryEntry = {
  /** 'status' for a status change, else the kind of event (an internal note is 'note'). */
  kind: 'status' | RequestEventKind;
  at: Date;
  actor: string;
  title: string;
  /** For a status change: from → to, and whether the citizen sees it. */
  move: { from: string | null; to: string; visibleToCitizen: boolean } | null;
  note: string | null;
  /** Results of the actions the change ran. */
  results: string[];
};

export type AgentRequestView = {
  request: RequestRow;
  title: string;
  workflow: WorkflowDefinition;
  status: WorkflowStatus | undefined;
  citizenStatusLabel: string;
  definition: FormDefinition;
  answers: Answers;
  routing: RoutingDecision;
  acknowledgement: Acknowledgement;
  citizenName: string | null;
  assignee: { id: string; name: string } | null;
  agents: ProcessingAgent[];
  buttons: StepButton[];
  history: HistoryEntry[];
  notes: Array<{ at: Date; author: string; body: string }>;
  messages: Array<{
    id: string;
    author: 'citizen' | 'administration';
    authorLabel: string;
    body: string;
    at: Date;
    attachments: AttachmentView[];
  }>;
  documents: Array<{
    fileId: string;
    name: string;
    size: number;
    createdAt: Date;
    visibleToCitizen: boolean;
    origin: string;
  }>;
  timers: Array<{ label: string; dueAt: Date; to: string }>;
  /** Days of processing so far, the time waiting for the citizen left out. */
  processingDays: number;
  map: { point: PointAnswer; boundary: unknown | null; communeName: string | null } | null;
};

function effectsOf(actions: readonly WorkflowAction[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'notifyCitizen':
        return `prévient l’usager (« ${a.template.subject} »)`;
      case 'notifyAgents':
        return a.to === 'assignee'
          ? 'prévient l’agent qui la traite'
          : a.to === 'all'
            ? 'prévient les agents'
            : `prévient les ${a.role === 'admin' ? 'administrateurs' : 'agents'}`;
      case 'assign':
        return a.to === 'actor'
          ? 'vous l’attribue'
          : a.to === 'nobody'
            ? 'la libère'
            : a.to === 'role'
              ? `la confie aux ${a.role === 'admin' ? 'administrateurs' : 'agents'}`
              : `l’attribue à ${a.email}`;
      case 'comment':
        return a.visibility === 'internal' ? 'ajoute une note interne' : 'écrit à l’usager';
      case 'askCitizen':
        return 'pose votre question à l’usager et suspend le délai jusqu’à sa réponse';
      case 'attachDocument':
        return a.visibleToCitizen ? 'joint un document pour l’usager' : 'joint un document interne';
      case 'webhook':
        return `appelle ${new URL(a.url).host}`;
    }
  });
}

function textLabel(action: ReturnType<typeof textInputOf>): StepButton['text'] {
  if (!action) return null;
  if (action.type === 'askCitizen') return { label: 'Votre question à l’usager', kind: 'question' };
  return {
    label: action.label ?? (action.visibility === 'internal' ? 'Note interne' : 'Message à l’usager'),
    kind: action.visibility === 'internal' ? 'internal' : 'citizen',
  };
}

/** What a button's form asks the agent for: its text and its document. */
function inputsOf(actions: readonly WorkflowAction[]): Pick<StepButton, 'text' | 'file'> {
  const file = fileInputOf(actions);
  return {
    text: textLabel(textInputOf(actions)),
    file: file ? { label: file.label, required: file.required, visibleToCitizen: file.visibleToCitizen } : null,
  };
}

/** The buttons of the current status this agent may press: transitions and actions. */
export function buttonsFor(
  workflow: WorkflowDefinition,
  status: WorkflowStatus | undefined,
  roles: readonly WorkflowRole[],
): StepButton[] {
  if (!status) return [];
  const allowed = (r: readonly WorkflowRole[]) => roles.some((role) => r.includes(role));
  const transitions = workflow.transitions
    .filter((t) => t.from === status.key && allowed(t.roles))
    .map((t): StepButton => {
      const target = statusOf(workflow, t.to);
      return {
        kind: 'transition',
        key: t.to,
        label: t.label,
        ...inputsOf(t.actions),
        note: !!target?.visibleToCitizen && !textInputOf(t.actions),
        effects: [
          `passe au statut « ${target?.label ?? t.to} »${target?.visibleToCitizen ? '' : ' (interne, l’usager ne le voit pas)'}`,
          ...effectsOf([...t.actions, ...(target?.onEnter ?? [])]),
          ...(target?.notify && target.visibleToCitizen ? ['prévient l’usager'] : []),
        ],
      };
    });
  const buttons = status.buttons
    .filter((b) => allowed(b.roles))
    .map((b): StepButton => ({
      kind: 'button',
      key: b.key,
      label: b.label,
      ...inputsOf(b.actions),
      note: false,
      effects: effectsOf(b.actions),
    }));
  return [...transitions, ...buttons];
}

/** Everything an agent sees of one request: answers, documents, map, history, messages, notes, buttons. */
export async function buildAgentRequestView(
  services: Services,
  holder: ResolvedTenant,
  request: RequestRow,
  roles: readonly WorkflowRole[],
): Promise<AgentRequestView> {
  const point = Object.values(request.answers as Answers).find(isPointAnswer) ?? null;
  // None of these reads depends on another: they go together.
  const [workflow, form, [changes, events, messages, attachments, timers, citizen, assignee], agents, boundary] =
    await Promise.all([
      loadWorkflow(services.db, request.workflow_version_id),
      loadFormVersion(services.db, request.form_version_id),
      withTenant(services.db, holder.id, async (trx) =>
        Promise.all([
          listStatusChanges(trx, request.id, { citizenView: false }),
          listRequestEvents(trx, request.id),
          listMessages(trx, request.id),
          listAttachments(trx, request.id),
          listOpenTimers(trx, request.id),
          request.citizen_user_id ? findAccountById(trx, request.citizen_user_id) : undefined,
          request.assigned_user_id ? findAccountById(trx, request.assigned_user_id) : undefined,
        ]),
      ),
      // Only those who see the request may be handed it (per-service teams).
      listAgentsOfService(services, holder, request.eservice_id),
      point && request.commune_insee ? findBoundary(services.db, request.commune_insee) : undefined,
    ]);
  const labelOf = (key: string | null) => (key ? (statusOf(workflow, key)?.label ?? key) : null);
  const history: HistoryEntry[] = changes.map((c) => ({
    kind: 'status' as const,
    at: c.at,
    actor: c.actor_label,
    title: c.from_status ? `${labelOf(c.from_status)} → ${labelOf(c.to_status)}` : `Dépôt : ${labelOf(c.to_status)}`,
    move: { from: c.from_status, to: c.to_status, visibleToCitizen: c.visible_to_citizen },
    note: c.note,
    results: events.filter((e) => e.status_change_id === c.id).map((e) => e.summary),
  }));
  for (const e of events.filter((e) => !e.status_change_id)) {
    history.push({
      kind: e.kind,
      at: e.at,
      actor: e.actor_label,
      title: e.summary,
      move: null,
      note: e.kind === 'note' ? String(e.details.body ?? '') : null,
      results: [],
    });
  }
  // At the same instant, what happened on its own (taking the request) came before the move it led to.
  history.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.move ? 1 : 0) - (b.move ? 1 : 0));

  const now = services.clock.now();
  const end = request.closed_at ?? now;
  const pausedNow = request.paused_at ? Math.max(0, end.getTime() - request.paused_at.getTime()) / 1000 : 0;
  const processingSeconds = Math.max(
    0,
    (end.getTime() - request.submitted_at.getTime()) / 1000 - request.paused_seconds - pausedNow,
  );
  const status = statusOf(workflow, request.status);
  return {
    request,
    title: (request.acknowledgement as Acknowledgement).serviceTitle,
    workflow,
    status,
    citizenStatusLabel: statusOf(workflow, request.citizen_status)?.citizenLabel ?? request.citizen_status,
    definition: form.definition,
    answers: request.answers as Answers,
    routing: request.routing as RoutingDecision,
    acknowledgement: request.acknowledgement as Acknowledgement,
    citizenName: citizen?.display_name ?? null,
    assignee: assignee ? { id: assignee.id, name: assignee.display_name } : null,
    agents,
    buttons: request.closed_at ? [] : buttonsFor(workflow, status, roles),
    history,
    notes: events
      .filter((e) => e.kind === 'note')
      .map((e) => ({ at: e.at, author: e.actor_label, body: String(e.details.body ?? '') })),
    messages: messages.map((m) => ({
      id: m.id,
      author: m.author,
      authorLabel: m.author_label,
      body: m.body,
      at: m.created_at,
      attachments: attachments.filter((a) => a.messageId === m.id),
    })),
    documents: documentsOf(attachments, events),
    // Due "N minutes after the last change": a change since scheduling moves it.
    timers: timers.map((tm) => ({
      label: tm.label,
      dueAt: new Date(Math.max(tm.due_at.getTime(), request.activity_at.getTime() + tm.delay_minutes * 60_000)),
      to: labelOf(tm.to_status) ?? tm.to_status,
    })),
    processingDays: Math.floor(processingSeconds / 86_400),
    map: point ? { point, boundary: boundary?.geometry ?? null, communeName: boundary?.name ?? null } : null,
  };
}

type RequestDocument = AgentRequestView['documents'][number];

/** A request's documents: its attachments (the citizen's and the messages'), and the internal ones of its history. */
function documentsOf(attachments: AttachmentView[], events: RequestEventRow[]): RequestDocument[] {
  return [
    ...attachments.map((a) => ({
      fileId: a.storedFileId,
      name: a.name,
      size: a.size,
      createdAt: a.createdAt,
      visibleToCitizen: true,
      origin: a.messageId ? 'joint à un message' : 'joint à la demande',
    })),
    ...events
      .filter((e) => e.kind === 'document' && e.details.visibleToCitizen === false)
      .map((e) => ({
        fileId: String(e.details.storedFileId),
        name: String(e.details.name),
        size: Number(e.details.size),
        createdAt: e.at,
        visibleToCitizen: false,
        origin: `interne, par ${e.actor_label}`,
      })),
  ];
}

/**
 * The document of this request that is this stored file, if it holds it (a download checks that much, and needs none
 * of the rest of the page). Runs in the holder's scope.
 */
export async function findRequestDocument(
  db: Executor,
  requestId: string,
  fileId: string,
): Promise<RequestDocument | undefined> {
  const [attachments, events] = await Promise.all([listAttachments(db, requestId), listRequestEvents(db, requestId)]);
  return documentsOf(attachments, events).find((d) => d.fileId === fileId);
}
