import { z } from 'zod';
import type { FormValues } from '../../platform/http/forms.ts';
import { OUTCOMES, ROLES, type WorkflowAction, type WorkflowDefinition, ZWorkflowAction } from '../workflows/index.ts';

/** The workflow builder's operations, each one form of the editor, checked before they touch the draft. */

export const ACTION_LABELS: Record<WorkflowAction['type'], string> = {
  notifyCitizen: 'Message à l’usager (modèle)',
  notifyAgents: 'Message aux agents (modèle)',
  assign: 'Attribuer la demande',
  comment: 'Commentaire',
  askCitizen: 'Demander des informations à l’usager',
  attachDocument: 'Joindre un document',
  webhook: 'Appel d’un service web (webhook)',
};
export const ACTION_TYPES = Object.keys(ACTION_LABELS) as Array<WorkflowAction['type']>;

const DEFAULT_ACTIONS: Record<WorkflowAction['type'], WorkflowAction> = {
  notifyCitizen: {
    type: 'notifyCitizen',
    template: {
      subject: 'Votre demande {numero}',
      body: 'Bonjour,\n\nVotre demande {numero} ({demarche}) est désormais : {statut}.\n\nLa suivre : {lien}\n\n{administration}',
    },
  },
  notifyAgents: {
    type: 'notifyAgents',
    to: 'all',
    template: {
      subject: 'Demande {numero}',
      body: 'La demande {numero} ({demarche}) est au statut « {statut} ».\n{lien}',
    },
  },
  assign: { type: 'assign', to: 'actor' },
  comment: { type: 'comment', visibility: 'internal', label: 'Note' },
  askCitizen: { type: 'askCitizen' },
  attachDocument: { type: 'attachDocument', label: 'Document', required: false, visibleToCitizen: true },
  webhook: { type: 'webhook', url: 'https://exemple.fr/notification' },
};

const ZKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Clé : une lettre minuscule puis lettres, chiffres ou tirets (40 au plus).');
const ZLabel = z.string().trim().min(1, 'Ce libellé est obligatoire.').max(100, '100 caractères au plus.');
const ZIndex = z.coerce.number().int().min(0).max(500);
/** Whose actions an action form edits: a status (on entry), a transition, or a status's button (`bouton:status:n`). */
const ZOwner = z.string().regex(/^(?:(?:statut|transition):\d{1,3}|bouton:\d{1,3}:\d{1,2})$/);
const ZCount = (max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? 0 : v),
    z.coerce.number({ message: 'Un nombre entier.' }).int('Un nombre entier.').min(0).max(max),
  );
const checked = z.preprocess((v) => v === 'oui', z.boolean());
const ZRoles = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(ROLES)).min(1, 'Cochez au moins un rôle.'),
);

export const ZWorkflowOperation = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('circuit'), nom: ZLabel, initial: ZKey }),
  z.object({ operation: z.literal('ajouter-statut'), cle: ZKey, nom: ZLabel }),
  z.object({
    operation: z.literal('statut'),
    index: ZIndex,
    nom: ZLabel,
    libelle_usager: ZLabel,
    visible: checked,
    notifier: checked,
    final: checked,
    issue: z.union([z.enum(OUTCOMES), z.literal('')]).default(''),
    reprise: z.string().trim().default(''),
  }),
  z.object({ operation: z.literal('supprimer-statut'), index: ZIndex }),
  z.object({ operation: z.literal('ajouter-transition'), de: ZKey, vers: ZKey, libelle: ZLabel }),
  z.object({
    operation: z.literal('transition'),
    index: ZIndex,
    de: ZKey,
    vers: ZKey,
    libelle: ZLabel,
    roles: ZRoles,
    selection: checked,
  }),
  z.object({ operation: z.literal('supprimer-transition'), index: ZIndex }),
  z.object({ operation: z.literal('ajouter-action'), porteur: ZOwner, type: z.enum(ACTION_TYPES) }),
  z.object({ operation: z.literal('action'), porteur: ZOwner, index: ZIndex }).loose(),
  z.object({ operation: z.literal('supprimer-action'), porteur: ZOwner, index: ZIndex }),
  z.object({
    operation: z.literal('ajouter-delai'),
    index: ZIndex,
    jours: ZCount(3650),
    heures: ZCount(1000),
    minutes: ZCount(100_000),
    vers: ZKey,
    libelle: ZLabel,
  }),
  z.object({ operation: z.literal('supprimer-delai'), index: ZIndex, delai: ZIndex }),
  z.object({
    operation: z.literal('ajouter-bouton'),
    index: ZIndex,
    cle: ZKey,
    libelle: ZLabel,
    type: z.enum(ACTION_TYPES, 'Choisissez la première action du bouton.'),
  }),
  z.object({
    operation: z.literal('bouton'),
    index: ZIndex,
    bouton: ZIndex,
    cle: ZKey,
    libelle: ZLabel,
    roles: ZRoles,
  }),
  z.object({ operation: z.literal('supprimer-bouton'), index: ZIndex, bouton: ZIndex }),
]);
export type WorkflowOperation = z.output<typeof ZWorkflowOperation>;

/** Where an operation's refusal is shown: next to the element it was about. */
export function anchorOf(operation: WorkflowOperation): string {
  if ('porteur' in operation) return operation.porteur.replaceAll(':', '-');
  if (operation.operation === 'ajouter-bouton') return `statut-${operation.index}-nouveau-bouton`;
  if (operation.operation === 'supprimer-bouton') return `statut-${operation.index}-boutons`;
  if (operation.operation === 'bouton') return `bouton-${operation.index}-${operation.bouton}`;
  if (operation.operation.includes('transition'))
    return 'index' in operation ? `transition-${operation.index}` : 'nouvelle-transition';
  if (operation.operation === 'ajouter-statut') return 'nouveau-statut';
  if ('index' in operation) return `statut-${operation.index}`;
  return 'circuit';
}

/** Where a form that could not even be read is answered: next to the element it came from, as far as it says. */
export function anchorOfValues(values: FormValues): string {
  const number = (name: string) => {
    const v = values[name];
    return typeof v === 'string' && /^\d{1,3}$/.test(v) ? v : null;
  };
  const index = number('index');
  const button = number('bouton');
  const operation = typeof values.operation === 'string' ? values.operation : '';
  if (typeof values.porteur === 'string' && ZOwner.safeParse(values.porteur).success)
    return values.porteur.replaceAll(':', '-');
  if (operation === 'ajouter-statut') return 'nouveau-statut';
  if (operation === 'ajouter-transition') return 'nouvelle-transition';
  if (operation === 'ajouter-bouton' && index) return `statut-${index}-nouveau-bouton`;
  if (operation.includes('bouton') && index && button) return `bouton-${index}-${button}`;
  if (operation.includes('transition') && index) return `transition-${index}`;
  return index ? `statut-${index}` : 'circuit';
}

const str = (values: FormValues, name: string) => {
  const v = values[name];
  return typeof v === 'string' ? v.trim() : '';
};

function actionFromForm(existing: WorkflowAction, values: FormValues): unknown {
  const template = { subject: str(values, 'sujet'), body: str(values, 'corps') };
  const optional = (name: string) => str(values, name) || undefined;
  switch (existing.type) {
    case 'notifyCitizen':
      return { type: existing.type, template };
    case 'notifyAgents':
      return { type: existing.type, to: str(values, 'destinataires'), role: optional('role'), template };
    case 'assign':
      return {
        type: existing.type,
        to: str(values, 'destinataires'),
        role: optional('role'),
        email: optional('courriel'),
      };
    case 'comment':
      return {
        type: existing.type,
        visibility: str(values, 'visibilite'),
        text: optional('texte'),
        label: optional('libelle'),
      };
    case 'askCitizen':
      return { type: existing.type, text: optional('texte') };
    case 'attachDocument':
      return {
        type: existing.type,
        label: str(values, 'libelle'),
        required: values.obligatoire === 'oui',
        visibleToCitizen: values.visible_usager === 'oui',
      };
    case 'webhook':
      return { type: existing.type, url: str(values, 'url'), event: optional('evenement') };
  }
}

function actionsOf(workflow: WorkflowDefinition, owner: string): WorkflowAction[] | undefined {
  const [kind, raw, button] = owner.split(':');
  const index = Number(raw);
  if (kind === 'bouton') return workflow.statuses[index]?.buttons[Number(button)]?.actions;
  return kind === 'statut' ? workflow.statuses[index]?.onEnter : workflow.transitions[index]?.actions;
}

/** Applies one operation to a copy of the workflow: the new workflow and what changed in words, or a refusal. */
export function applyWorkflowOperation(
  current: WorkflowDefinition,
  operation: WorkflowOperation,
  values: FormValues,
): { workflow: WorkflowDefinition; note: string } | { error: string } {
  const workflow: WorkflowDefinition = structuredClone(current);
  const statusAt = (i: number) => workflow.statuses[i];
  switch (operation.operation) {
    case 'circuit':
      workflow.label = operation.nom;
      workflow.initial = operation.initial;
      return { workflow, note: 'Circuit : nom ou statut initial modifié.' };
    case 'ajouter-statut':
      if (workflow.statuses.some((s) => s.key === operation.cle))
        return { error: `La clé « ${operation.cle} » est déjà prise.` };
      workflow.statuses.push({
        key: operation.cle,
        label: operation.nom,
        citizenLabel: operation.nom,
        visibleToCitizen: true,
        notify: false,
        final: false,
        onEnter: [],
        buttons: [],
        timers: [],
      });
      return { workflow, note: `Statut « ${operation.nom} » ajouté.` };
    case 'statut': {
      const status = statusAt(operation.index);
      if (!status) return { error: 'Ce statut n’existe plus.' };
      status.label = operation.nom;
      status.citizenLabel = operation.libelle_usager;
      status.visibleToCitizen = operation.visible;
      status.notify = operation.notifier;
      status.final = operation.final;
      status.outcome = operation.issue || undefined;
      if (!status.outcome) delete status.outcome;
      if (operation.reprise) status.waitingForCitizen = { resumeTo: operation.reprise };
      else delete status.waitingForCitizen;
      return { workflow, note: `Statut « ${status.label} » modifié.` };
    }
    case 'supprimer-statut': {
      const status = statusAt(operation.index);
      if (!status) return { error: 'Ce statut n’existe plus.' };
      if (workflow.statuses.length === 1) return { error: 'Un circuit garde au moins un statut.' };
      workflow.statuses.splice(operation.index, 1);
      workflow.transitions = workflow.transitions.filter((t) => t.from !== status.key && t.to !== status.key);
      return { workflow, note: `Statut « ${status.label} » retiré, avec ses transitions.` };
    }
    case 'ajouter-transition':
      workflow.transitions.push({
        from: operation.de,
        to: operation.vers,
        label: operation.libelle,
        roles: [...ROLES],
        bulk: false,
        actions: [],
      });
      return { workflow, note: `Transition « ${operation.libelle} » ajoutée.` };
    case 'transition': {
      const transition = workflow.transitions[operation.index];
      if (!transition) return { error: 'Cette transition n’existe plus.' };
      Object.assign(transition, {
        from: operation.de,
        to: operation.vers,
        label: operation.libelle,
        roles: operation.roles,
        bulk: operation.selection,
      });
      return { workflow, note: `Transition « ${operation.libelle} » modifiée.` };
    }
    case 'supprimer-transition': {
      const [removed] = workflow.transitions.splice(operation.index, 1);
      if (!removed) return { error: 'Cette transition n’existe plus.' };
      return { workflow, note: `Transition « ${removed.label} » retirée.` };
    }
    case 'ajouter-action': {
      const actions = actionsOf(workflow, operation.porteur);
      if (!actions) return { error: 'Cet élément n’existe plus.' };
      if (actions.length >= 20) return { error: '20 actions au plus.' };
      actions.push(structuredClone(DEFAULT_ACTIONS[operation.type]));
      return { workflow, note: `Action « ${ACTION_LABELS[operation.type]} » ajoutée.` };
    }
    case 'action': {
      const actions = actionsOf(workflow, operation.porteur);
      const existing = actions?.[operation.index];
      if (!actions || !existing) return { error: 'Cette action n’existe plus.' };
      const parsed = ZWorkflowAction.safeParse(actionFromForm(existing, values));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          error: `${ACTION_LABELS[existing.type]} : ${issue?.path.join(' ') ?? ''} ${issue?.message ?? ''}`.trim(),
        };
      }
      actions[operation.index] = parsed.data;
      return { workflow, note: `Action « ${ACTION_LABELS[existing.type]} » modifiée.` };
    }
    case 'supprimer-action': {
      const actions = actionsOf(workflow, operation.porteur);
      // A button exists to run its actions: the definition refuses one without any.
      if (operation.porteur.startsWith('bouton:') && actions?.length === 1)
        return { error: 'Un bouton garde au moins une action : supprimez plutôt le bouton.' };
      const [removed] = actions?.splice(operation.index, 1) ?? [];
      if (!removed) return { error: 'Cette action n’existe plus.' };
      return { workflow, note: `Action « ${ACTION_LABELS[removed.type]} » retirée.` };
    }
    case 'ajouter-delai': {
      const status = statusAt(operation.index);
      if (!status) return { error: 'Ce statut n’existe plus.' };
      if (status.timers.length >= 5) return { error: '5 délais au plus par statut.' };
      status.timers.push({
        after: { days: operation.jours, hours: operation.heures, minutes: operation.minutes },
        to: operation.vers,
        label: operation.libelle,
      });
      return { workflow, note: `Délai « ${operation.libelle} » ajouté au statut « ${status.label} ».` };
    }
    case 'supprimer-delai': {
      const status = statusAt(operation.index);
      const [removed] = status?.timers.splice(operation.delai, 1) ?? [];
      if (!status || !removed) return { error: 'Ce délai n’existe plus.' };
      return { workflow, note: `Délai « ${removed.label} » retiré du statut « ${status.label} ».` };
    }
    case 'ajouter-bouton': {
      const status = statusAt(operation.index);
      if (!status) return { error: 'Ce statut n’existe plus.' };
      if (status.buttons.length >= 10) return { error: '10 boutons au plus par statut.' };
      if (status.buttons.some((b) => b.key === operation.cle))
        return { error: `La clé « ${operation.cle} » est déjà prise par un bouton de ce statut.` };
      status.buttons.push({
        key: operation.cle,
        label: operation.libelle,
        roles: [...ROLES],
        actions: [structuredClone(DEFAULT_ACTIONS[operation.type])],
      });
      return { workflow, note: `Bouton « ${operation.libelle} » ajouté au statut « ${status.label} ».` };
    }
    case 'bouton': {
      const status = statusAt(operation.index);
      const button = status?.buttons[operation.bouton];
      if (!status || !button) return { error: 'Ce bouton n’existe plus.' };
      if (status.buttons.some((b, j) => j !== operation.bouton && b.key === operation.cle))
        return { error: `La clé « ${operation.cle} » est déjà prise par un bouton de ce statut.` };
      Object.assign(button, { key: operation.cle, label: operation.libelle, roles: operation.roles });
      return { workflow, note: `Bouton « ${operation.libelle} » du statut « ${status.label} » modifié.` };
    }
    case 'supprimer-bouton': {
      const status = statusAt(operation.index);
      const [removed] = status?.buttons.splice(operation.bouton, 1) ?? [];
      if (!status || !removed) return { error: 'Ce bouton n’existe plus.' };
      return { workflow, note: `Bouton « ${removed.label} » retiré du statut « ${status.label} ».` };
    }
  }
}
