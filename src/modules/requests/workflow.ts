import { z } from 'zod';

/**
 * A workflow is data (DESIGN invariant 4): statuses and the transitions between them, versioned and frozen once
 * published (`workflow_version`). A request pins the version it was submitted under. The back-office (issue 5) will
 * let agents move requests along these transitions and attach actions to them; statuses already say whether the
 * citizen sees them and whether reaching them notifies the citizen.
 */
const ZStatusKey = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);

export const ZWorkflowDefinition = z
  .object({
    label: z.string().min(1).max(200),
    initial: ZStatusKey,
    statuses: z
      .array(
        z
          .object({
            key: ZStatusKey,
            /** For agents. */
            label: z.string().min(1).max(100),
            /** What the citizen reads on the dashboard and in notifications. */
            citizenLabel: z.string().min(1).max(100),
            /** An internal status is never shown to the citizen: the dashboard keeps showing the last visible one. */
            visibleToCitizen: z.boolean(),
            /** Reaching this status sends the citizen a notification (e-mail, and SMS when they asked for it). */
            notify: z.boolean(),
            /** No further processing on this platform (decided, closed, or handed to another administration). */
            final: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
    transitions: z.array(z.object({ from: ZStatusKey, to: ZStatusKey, label: z.string().min(1).max(100) }).strict()),
  })
  .strict()
  .superRefine((workflow, ctx) => {
    const keys = new Set(workflow.statuses.map((s) => s.key));
    if (keys.size !== workflow.statuses.length) ctx.addIssue({ code: 'custom', path: ['statuses'], message: 'Deux statuts portent la même clé' });
    if (!keys.has(workflow.initial)) ctx.addIssue({ code: 'custom', path: ['initial'], message: 'Le statut initial n’existe pas' });
    workflow.transitions.forEach((t, i) => {
      if (!keys.has(t.from) || !keys.has(t.to)) ctx.addIssue({ code: 'custom', path: ['transitions', i], message: 'Transition entre statuts inconnus' });
    });
  });

export type WorkflowDefinition = z.output<typeof ZWorkflowDefinition>;
export type WorkflowStatus = WorkflowDefinition['statuses'][number];

/** Where a request relayed to another administration goes (T8); every workflow of a routed service has it. */
export const RELAYED_STATUS = 'transmise';

/** The platform's default circuit, offered to every tenant (tenant_id NULL), key "simple", version 1. */
export const SIMPLE_WORKFLOW: WorkflowDefinition = ZWorkflowDefinition.parse({
  label: 'Circuit simple',
  initial: 'recue',
  statuses: [
    { key: 'recue', label: 'Reçue', citizenLabel: 'Demande reçue', visibleToCitizen: true, notify: false },
    { key: 'en-cours', label: 'En cours de traitement', citizenLabel: 'En cours de traitement', visibleToCitizen: true, notify: true },
    { key: 'verification', label: 'Vérification interne', citizenLabel: 'En cours de traitement', visibleToCitizen: false, notify: false },
    {
      key: 'attente-usager',
      label: "En attente d'informations de l'usager",
      citizenLabel: 'En attente de votre réponse',
      visibleToCitizen: true,
      notify: true,
    },
    { key: 'acceptee', label: 'Acceptée', citizenLabel: 'Demande acceptée', visibleToCitizen: true, notify: true, final: true },
    { key: 'refusee', label: 'Refusée', citizenLabel: 'Demande refusée', visibleToCitizen: true, notify: true, final: true },
    { key: 'traitee', label: 'Traitée', citizenLabel: 'Traitée', visibleToCitizen: true, notify: true, final: true },
    { key: 'classee', label: 'Classée sans suite', citizenLabel: 'Classée sans suite', visibleToCitizen: true, notify: true, final: true },
    {
      key: RELAYED_STATUS,
      label: 'Transmise à l’administration compétente',
      citizenLabel: 'Transmise à l’administration compétente',
      visibleToCitizen: true,
      notify: false,
      final: true,
    },
  ],
  transitions: [
    { from: 'recue', to: 'en-cours', label: 'Prendre en charge' },
    { from: 'recue', to: 'verification', label: 'Vérifier' },
    { from: 'recue', to: RELAYED_STATUS, label: "Transmettre à l'administration compétente" },
    { from: 'recue', to: 'classee', label: 'Classer sans suite' },
    { from: 'verification', to: 'en-cours', label: 'Prendre en charge' },
    { from: 'en-cours', to: 'verification', label: 'Vérifier' },
    { from: 'en-cours', to: 'attente-usager', label: "Demander des informations à l'usager" },
    { from: 'attente-usager', to: 'en-cours', label: 'Reprendre le traitement' },
    { from: 'en-cours', to: 'acceptee', label: 'Accepter' },
    { from: 'en-cours', to: 'refusee', label: 'Refuser' },
    { from: 'en-cours', to: 'traitee', label: 'Marquer comme traitée' },
    { from: 'en-cours', to: 'classee', label: 'Classer sans suite' },
    { from: 'attente-usager', to: 'classee', label: 'Classer sans suite' },
  ],
});

export function statusOf(workflow: WorkflowDefinition, key: string): WorkflowStatus | undefined {
  return workflow.statuses.find((s) => s.key === key);
}

export function mayTransition(workflow: WorkflowDefinition, from: string, to: string): boolean {
  return workflow.transitions.some((t) => t.from === from && t.to === to);
}
