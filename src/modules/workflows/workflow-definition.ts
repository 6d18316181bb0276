import { z } from 'zod';
import {
  fileInputOf,
  RELAYED_STATUS,
  TEMPLATE_PLACEHOLDERS,
  textInputOf,
  timerMinutes,
  workflowProblems,
} from './workflow-validator.ts';

export { fileInputOf, RELAYED_STATUS, TEMPLATE_PLACEHOLDERS, textInputOf, timerMinutes };

/**
 * A workflow is data (DESIGN invariant 4): statuses, the transitions between them, and the actions run on entering a
 * status or when an agent presses a button. Versions are frozen once published (`workflow_version`); a request pins
 * the version it was submitted under. Every field added since the platform's first circuit is optional, so
 * versions stored before still parse and the requests pinned to them keep working.
 */
const ZStatusKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Clé : une lettre minuscule puis lettres, chiffres ou tirets (40 au plus)');

export const ROLES = ['agent', 'admin'] as const;
const ZRole = z.enum(ROLES);
export type WorkflowRole = z.output<typeof ZRole>;

const ZTemplate = z.object({ subject: z.string().min(1).max(200), body: z.string().min(1).max(4000) }).strict();
export type MessageTemplate = z.output<typeof ZTemplate>;

const ZText = z.string().trim().min(1).max(4000);

export const ZWorkflowAction = z.discriminatedUnion('type', [
  /** An e-mail (and SMS when given) to the citizen, from a template. */
  z.object({ type: z.literal('notifyCitizen'), template: ZTemplate }).strict(),
  /** An e-mail to the agent holding the request, to every agent of the tenant, or to the holders of one role. */
  z
    .object({
      type: z.literal('notifyAgents'),
      to: z.enum(['assignee', 'all', 'role']),
      role: ZRole.optional(),
      template: ZTemplate,
    })
    .strict(),
  /** Gives the request to the agent who acts, to a role's queue, to a named agent, or to nobody. */
  z
    .object({
      type: z.literal('assign'),
      to: z.enum(['actor', 'role', 'agent', 'nobody']),
      role: ZRole.optional(),
      email: z.email().optional(),
    })
    .strict(),
  /** A comment: an internal note or a message to the citizen; fixed `text`, or the agent's own words when absent. */
  z
    .object({
      type: z.literal('comment'),
      visibility: z.enum(['internal', 'citizen']),
      text: ZText.optional(),
      label: z.string().min(1).max(100).optional(),
    })
    .strict(),
  /** Asks the citizen for more information: a message (the agent's question, or `text`); leads to a waiting status. */
  z.object({ type: z.literal('askCitizen'), text: ZText.optional() }).strict(),
  /** A document the agent attaches (a file field on the button's form), shown to the citizen or kept internal. */
  z
    .object({
      type: z.literal('attachDocument'),
      label: z.string().min(1).max(100),
      required: z.boolean().default(false),
      visibleToCitizen: z.boolean(),
    })
    .strict(),
  /** A signed POST to a partner, delivered through the job outbox with retries (see webhook.job.ts). */
  z
    .object({
      type: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/, message: 'Adresse web attendue (https://…)' }),
      event: ZStatusKey.optional(),
    })
    .strict(),
]);
export type WorkflowAction = z.output<typeof ZWorkflowAction>;

const ZRoles = z
  .array(ZRole)
  .min(1)
  .default([...ROLES]);

const ZTransition = z
  .object({
    from: ZStatusKey,
    to: ZStatusKey,
    /** The button's words, for agents. */
    label: z.string().min(1).max(100),
    /** Who may press it (the competent tenant's agents and administrators by default). */
    roles: ZRoles,
    /** Offered on a selection of requests in the inbox (only when it needs no input). */
    bulk: z.boolean().default(false),
    actions: z.array(ZWorkflowAction).max(20).default([]),
  })
  .strict();
export type WorkflowTransition = z.output<typeof ZTransition>;

/** An agent's button that runs actions without changing the status (remind the citizen, attach a document…). */
const ZButton = z
  .object({
    key: ZStatusKey,
    label: z.string().min(1).max(100),
    roles: ZRoles,
    actions: z.array(ZWorkflowAction).min(1).max(20),
  })
  .strict();
export type WorkflowButton = z.output<typeof ZButton>;

/** "After N days/hours/minutes without change, go to…": a timed jump, precise to the minute. */
const ZTimer = z
  .object({
    after: z
      .object({
        days: z.number().int().min(0).max(3650).default(0),
        hours: z.number().int().min(0).max(1000).default(0),
        minutes: z.number().int().min(0).max(100_000).default(0),
      })
      .strict(),
    to: ZStatusKey,
    label: z.string().min(1).max(100),
  })
  .strict();
export type WorkflowTimer = z.output<typeof ZTimer>;

export const OUTCOMES = ['accepted', 'rejected', 'closed', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const ZStatus = z
  .object({
    key: ZStatusKey,
    /** For agents. */
    label: z.string().min(1).max(100),
    /** What the citizen reads on the dashboard and in notifications. */
    citizenLabel: z.string().min(1).max(100),
    /** An internal status is never shown to the citizen: the dashboard keeps showing the last visible one. */
    visibleToCitizen: z.boolean(),
    /** Reaching this status sends the citizen the standard notification (e-mail, and SMS when they asked for it). */
    notify: z.boolean().default(false),
    /** No further processing on this platform (decided, closed, or handed to another administration). */
    final: z.boolean().default(false),
    /** How a final status ended the request: accepted, rejected, closed without action, cancelled. */
    outcome: z.enum(OUTCOMES).optional(),
    /** Waiting for the citizen: the processing clock is paused, and the citizen's answer resumes to `resumeTo`. */
    waitingForCitizen: z.object({ resumeTo: ZStatusKey }).strict().optional(),
    onEnter: z.array(ZWorkflowAction).max(20).default([]),
    buttons: z.array(ZButton).max(10).default([]),
    timers: z.array(ZTimer).max(5).default([]),
  })
  .strict();

/**
 * A workflow's shape without the validator: what a builder holds while it is being written (a half-built workflow has
 * dead ends and unreachable statuses until it is finished; the validator's findings are shown beside it instead).
 */
export const ZWorkflowShape = z
  .object({
    label: z.string().min(1).max(200),
    initial: ZStatusKey,
    statuses: z.array(ZStatus).min(1).max(50),
    transitions: z.array(ZTransition).max(200),
  })
  .strict();

export const ZWorkflowDefinition = ZWorkflowShape.superRefine((workflow, ctx) => {
  for (const problem of workflowProblems(workflow))
    ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

export type WorkflowDefinitionInput = z.input<typeof ZWorkflowDefinition>;
export type WorkflowDefinition = z.output<typeof ZWorkflowDefinition>;
export type WorkflowStatus = WorkflowDefinition['statuses'][number];

export function statusOf(workflow: WorkflowDefinition, key: string): WorkflowStatus | undefined {
  return workflow.statuses.find((s) => s.key === key);
}

export function transitionOf(workflow: WorkflowDefinition, from: string, to: string): WorkflowTransition | undefined {
  return workflow.transitions.find((t) => t.from === from && t.to === to);
}

export function mayTransition(workflow: WorkflowDefinition, from: string, to: string): boolean {
  return !!transitionOf(workflow, from, to);
}
