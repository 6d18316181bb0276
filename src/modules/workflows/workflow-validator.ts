import type { WorkflowAction, WorkflowDefinition, WorkflowTimer } from './workflow-definition.ts';

/** Where a request relayed to another administration goes: reached by routing at submission, not by a button. */
export const RELAYED_STATUS = 'transmise';

/** Words between braces replaced when a message is sent (see render-template.ts). */
export const TEMPLATE_PLACEHOLDERS = ['numero', 'demarche', 'statut', 'texte', 'lien', 'administration'] as const;
const PLACEHOLDERS = new Set<string>(TEMPLATE_PLACEHOLDERS);

export type WorkflowProblem = { path: Array<string | number>; message: string };

export function timerMinutes(timer: WorkflowTimer): number {
  return timer.after.days * 1440 + timer.after.hours * 60 + timer.after.minutes;
}

type TextAction = Extract<WorkflowAction, { type: 'comment' | 'askCitizen' }>;

/** The action that takes the agent's own words, if any (at most one per button). */
export function textInputOf(actions: readonly WorkflowAction[]): TextAction | undefined {
  return actions.find((a): a is TextAction => (a.type === 'comment' || a.type === 'askCitizen') && !a.text);
}

export function fileInputOf(
  actions: readonly WorkflowAction[],
): Extract<WorkflowAction, { type: 'attachDocument' }> | undefined {
  return actions.find((a): a is Extract<WorkflowAction, { type: 'attachDocument' }> => a.type === 'attachDocument');
}

/**
 * Everything that makes a workflow unusable, in French, with where it is: unknown statuses, unreachable statuses,
 * dead ends (a status one cannot leave, or from which no end can be reached), actions missing what they need.
 * The definition's schema runs it, so an invalid workflow can neither be published nor loaded.
 */
export function workflowProblems(workflow: WorkflowDefinition): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const add = (path: Array<string | number>, message: string) => problems.push({ path, message });
  const byKey = new Map(workflow.statuses.map((s) => [s.key, s]));
  if (byKey.size !== workflow.statuses.length) add(['statuses'], 'Deux statuts portent la même clé.');
  const initial = byKey.get(workflow.initial);
  if (!initial) add(['initial'], `Le statut initial « ${workflow.initial} » n’existe pas.`);
  else if (initial.final) add(['initial'], 'Le statut initial ne peut pas être un statut final.');

  const seenPairs = new Set<string>();
  workflow.transitions.forEach((t, i) => {
    if (!byKey.has(t.from))
      add(['transitions', i, 'from'], `La transition « ${t.label} » part d’un statut inconnu (« ${t.from} »).`);
    if (!byKey.has(t.to))
      add(['transitions', i, 'to'], `La transition « ${t.label} » mène à un statut inconnu (« ${t.to} »).`);
    if (t.from === t.to)
      add(['transitions', i], `La transition « ${t.label} » ne change pas de statut : utilisez un bouton.`);
    const pair = `${t.from}→${t.to}`;
    if (seenPairs.has(pair)) add(['transitions', i], `Deux transitions vont de « ${t.from} » à « ${t.to} ».`);
    seenPairs.add(pair);
    const from = byKey.get(t.from);
    if (from?.final)
      add(['transitions', i], `Le statut « ${from.label} » est final : aucune transition ne peut en partir.`);
    const target = byKey.get(t.to);
    checkActions(t.actions, ['transitions', i, 'actions'], {
      where: 'button',
      leadsToWaiting: !!target?.waitingForCitizen,
      add,
    });
    if (t.bulk && (textInputOf(t.actions) || fileInputOf(t.actions))) {
      add(
        ['transitions', i, 'bulk'],
        `La transition « ${t.label} » demande une saisie : elle ne peut pas s’appliquer à une sélection.`,
      );
    }
  });

  workflow.statuses.forEach((status, i) => {
    if (status.outcome && !status.final)
      add(['statuses', i, 'outcome'], `Le statut « ${status.label} » a une issue : il doit être final.`);
    if (status.waitingForCitizen) {
      if (status.final)
        add(['statuses', i, 'waitingForCitizen'], `Le statut final « ${status.label} » ne peut pas attendre l’usager.`);
      if (!workflow.transitions.some((t) => t.from === status.key && t.to === status.waitingForCitizen?.resumeTo)) {
        add(
          ['statuses', i, 'waitingForCitizen', 'resumeTo'],
          `Le statut « ${status.label} » reprend vers « ${status.waitingForCitizen.resumeTo} » à la réponse de l’usager : déclarez cette transition.`,
        );
      }
    }
    if (status.notify && status.onEnter.some((a) => a.type === 'notifyCitizen')) {
      add(
        ['statuses', i, 'notify'],
        `Le statut « ${status.label} » préviendrait l’usager deux fois (notification standard et modèle) : gardez l’une des deux.`,
      );
    }
    checkActions(status.onEnter, ['statuses', i, 'onEnter'], {
      where: 'entry',
      leadsToWaiting: !!status.waitingForCitizen,
      add,
    });
    const buttonKeys = new Set<string>();
    status.buttons.forEach((button, j) => {
      if (buttonKeys.has(button.key))
        add(
          ['statuses', i, 'buttons', j, 'key'],
          `Deux boutons du statut « ${status.label} » portent la clé « ${button.key} ».`,
        );
      buttonKeys.add(button.key);
      checkActions(button.actions, ['statuses', i, 'buttons', j, 'actions'], {
        where: 'button',
        leadsToWaiting: false,
        add,
      });
    });
    status.timers.forEach((timer, j) => {
      if (status.final)
        add(['statuses', i, 'timers', j], `Le statut « ${status.label} » est final : il ne peut pas avoir de délai.`);
      if (!byKey.has(timer.to))
        add(
          ['statuses', i, 'timers', j, 'to'],
          `Le délai « ${timer.label} » mène à un statut inconnu (« ${timer.to} »).`,
        );
      if (timer.to === status.key)
        add(['statuses', i, 'timers', j, 'to'], `Le délai « ${timer.label} » mène au statut dont il part.`);
      if (timerMinutes(timer) < 1)
        add(['statuses', i, 'timers', j, 'after'], `Le délai « ${timer.label} » doit durer au moins une minute.`);
    });
  });
  if (problems.length > 0) return problems;

  // The graph: transitions and timed jumps; the relay status is reached by routing at submission.
  const exits = new Map<string, string[]>(
    workflow.statuses.map((s) => [
      s.key,
      [...workflow.transitions.filter((t) => t.from === s.key).map((t) => t.to), ...s.timers.map((t) => t.to)],
    ]),
  );
  const reachable = reach([workflow.initial, ...(byKey.has(RELAYED_STATUS) ? [RELAYED_STATUS] : [])], exits);
  workflow.statuses.forEach((status, i) => {
    if (!reachable.has(status.key))
      add(
        ['statuses', i],
        `Le statut « ${status.label} » est inatteignable : aucune transition ni aucun délai n’y mène.`,
      );
    else if (!status.final && (exits.get(status.key) ?? []).length === 0) {
      add(['statuses', i], `Le statut « ${status.label} » est une impasse : il n’est pas final et rien n’en sort.`);
    } else if (!status.final && ![...reach([status.key], exits)].some((k) => byKey.get(k)?.final)) {
      add(
        ['statuses', i],
        `Depuis le statut « ${status.label} », aucun statut final n’est atteignable : la demande ne pourrait jamais être close.`,
      );
    }
  });
  if (!workflow.statuses.some((s) => s.final)) add(['statuses'], 'Le circuit n’a aucun statut final.');
  return problems;
}

function reach(starts: string[], exits: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    for (const next of exits.get(key) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function checkActions(
  actions: readonly WorkflowAction[],
  path: Array<string | number>,
  options: {
    where: 'entry' | 'button';
    leadsToWaiting: boolean;
    add: (path: Array<string | number>, message: string) => void;
  },
): void {
  const { add } = options;
  const inputs = actions.filter((a) => (a.type === 'comment' || a.type === 'askCitizen') && !a.text);
  if (options.where === 'entry' && inputs.length > 0)
    add(path, 'Une action à l’entrée d’un statut ne peut pas attendre de texte de l’agent : donnez-lui son texte.');
  if (inputs.length > 1) add(path, 'Un bouton ne peut demander qu’un seul texte à l’agent.');
  const documents = actions.filter((a) => a.type === 'attachDocument');
  if (options.where === 'entry' && documents.length > 0)
    add(path, 'Joindre un document se fait par un bouton, pas à l’entrée d’un statut.');
  if (documents.length > 1) add(path, 'Un bouton ne peut joindre qu’un seul document.');
  actions.forEach((action, i) => {
    const at = [...path, i];
    if (action.type === 'askCitizen' && !options.leadsToWaiting)
      add(at, 'Demander des informations à l’usager mène à un statut « en attente de l’usager » (waitingForCitizen).');
    if ((action.type === 'notifyAgents' || action.type === 'assign') && action.to === 'role' && !action.role)
      add(at, 'Précisez le rôle (agent ou admin).');
    if (action.type === 'assign' && action.to === 'agent' && !action.email)
      add(at, 'Précisez l’adresse électronique de l’agent.');
    if (action.type === 'notifyCitizen' || action.type === 'notifyAgents') {
      for (const word of `${action.template.subject} ${action.template.body}`.matchAll(/\{([^{}]*)\}/g)) {
        if (!PLACEHOLDERS.has(word[1] ?? ''))
          add(
            [...at, 'template'],
            `Le modèle emploie {${word[1]}}, inconnu : ${[...PLACEHOLDERS].map((p) => `{${p}}`).join(', ')}.`,
          );
      }
    }
  });
}
