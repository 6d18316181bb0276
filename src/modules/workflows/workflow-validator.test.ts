import { describe, expect, it } from 'vitest';
import { SIMPLE_WORKFLOW } from './simple-workflow.ts';
import { DEFAULT_WORKFLOW } from './default-workflow.ts';
import { type WorkflowDefinitionInput, ZWorkflowDefinition } from './workflow-definition.ts';

/** A small valid circuit each case breaks in one way. */
function circuit(): WorkflowDefinitionInput {
  return {
    label: 'Test',
    initial: 'recue',
    statuses: [
      { key: 'recue', label: 'Reçue', citizenLabel: 'Reçue', visibleToCitizen: true },
      {
        key: 'attente',
        label: 'Attente',
        citizenLabel: 'Attente',
        visibleToCitizen: true,
        waitingForCitizen: { resumeTo: 'recue' },
      },
      {
        key: 'acceptee',
        label: 'Acceptée',
        citizenLabel: 'Acceptée',
        visibleToCitizen: true,
        final: true,
        outcome: 'accepted',
      },
    ],
    transitions: [
      { from: 'recue', to: 'attente', label: 'Demander', actions: [{ type: 'askCitizen' }] },
      { from: 'attente', to: 'recue', label: 'Reprendre' },
      { from: 'recue', to: 'acceptee', label: 'Accepter' },
    ],
  };
}

function problems(definition: unknown): string[] {
  const result = ZWorkflowDefinition.safeParse(definition);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe('workflow validator (issue 5 §1)', () => {
  it('accepts the default circuit and the counter’s first version, stored before the engine grew (existing requests stay valid)', () => {
    expect(problems(DEFAULT_WORKFLOW)).toEqual([]);
    // Version 1 as it was stored in JSON, with none of the fields added since.
    const stored = JSON.parse(
      JSON.stringify(SIMPLE_WORKFLOW, (key, value) =>
        ['onEnter', 'buttons', 'timers', 'roles', 'bulk', 'actions'].includes(key) ? undefined : value,
      ),
    );
    expect(stored.statuses[0].onEnter).toBeUndefined();
    expect(problems(stored)).toEqual([]);
    expect(problems(circuit())).toEqual([]);
  });

  it('refuses an unreachable status', () => {
    const c = circuit();
    c.statuses.push({
      key: 'orpheline',
      label: 'Orpheline',
      citizenLabel: 'Orpheline',
      visibleToCitizen: true,
      final: true,
    });
    expect(problems(c)).toEqual([
      'Le statut « Orpheline » est inatteignable : aucune transition ni aucun délai n’y mène.',
    ]);
  });

  it('refuses a dead end, and a loop from which no end can be reached', () => {
    const deadEnd = circuit();
    deadEnd.statuses.push({ key: 'impasse', label: 'Impasse', citizenLabel: 'Impasse', visibleToCitizen: true });
    deadEnd.transitions.push({ from: 'recue', to: 'impasse', label: 'Aller' });
    expect(problems(deadEnd)).toEqual([
      'Le statut « Impasse » est une impasse : il n’est pas final et rien n’en sort.',
    ]);

    const trap = circuit();
    trap.statuses.push(
      { key: 'a', label: 'A', citizenLabel: 'A', visibleToCitizen: false },
      { key: 'b', label: 'B', citizenLabel: 'B', visibleToCitizen: false },
    );
    trap.transitions.push(
      { from: 'recue', to: 'a', label: 'A' },
      { from: 'a', to: 'b', label: 'B' },
      { from: 'b', to: 'a', label: 'A' },
    );
    expect(problems(trap)).toEqual([
      'Depuis le statut « A », aucun statut final n’est atteignable : la demande ne pourrait jamais être close.',
      'Depuis le statut « B », aucun statut final n’est atteignable : la demande ne pourrait jamais être close.',
    ]);
  });

  it('counts timed jumps as ways out and in', () => {
    const c = circuit();
    c.statuses.push({
      key: 'classee',
      label: 'Classée',
      citizenLabel: 'Classée',
      visibleToCitizen: true,
      final: true,
      outcome: 'closed',
    });
    expect(problems(c)).toHaveLength(1);
    c.statuses[1] = { ...c.statuses[1]!, timers: [{ after: { days: 30 }, to: 'classee', label: 'Sans réponse' }] };
    expect(problems(c)).toEqual([]);
  });

  it('names what is missing: unknown statuses, transitions out of a final status, waits without a way back', () => {
    const c = circuit();
    c.transitions.push(
      { from: 'acceptee', to: 'recue', label: 'Rouvrir' },
      { from: 'recue', to: 'nulle-part', label: 'Perdre' },
    );
    c.statuses[1] = { ...c.statuses[1]!, waitingForCitizen: { resumeTo: 'acceptee' } };
    expect(problems(c)).toEqual([
      'Le statut « Acceptée » est final : aucune transition ne peut en partir.',
      'La transition « Perdre » mène à un statut inconnu (« nulle-part »).',
      'Le statut « Attente » reprend vers « acceptee » à la réponse de l’usager : déclarez cette transition.',
    ]);
  });

  it('checks actions: a question leads to a wait, entry actions take no input, templates use known words, bulk needs no input', () => {
    const c = circuit();
    c.transitions[2] = {
      from: 'recue',
      to: 'acceptee',
      label: 'Accepter',
      bulk: true,
      actions: [{ type: 'askCitizen' }, { type: 'comment', visibility: 'internal' }],
    };
    c.statuses[2] = {
      ...c.statuses[2]!,
      onEnter: [
        { type: 'attachDocument', label: 'Arrêté', visibleToCitizen: true },
        { type: 'notifyCitizen', template: { subject: 'Demande {numero}', body: 'Bonjour {prenom}' } },
        { type: 'notifyAgents', to: 'role', template: { subject: 'x', body: 'y' } },
      ],
    };
    expect(problems(c)).toEqual([
      'Un bouton ne peut demander qu’un seul texte à l’agent.',
      'Demander des informations à l’usager mène à un statut « en attente de l’usager » (waitingForCitizen).',
      'La transition « Accepter » demande une saisie : elle ne peut pas s’appliquer à une sélection.',
      'Joindre un document se fait par un bouton, pas à l’entrée d’un statut.',
      'Le modèle emploie {prenom}, inconnu : {numero}, {demarche}, {statut}, {texte}, {lien}, {administration}.',
      'Précisez le rôle (agent ou admin).',
    ]);
  });

  it('refuses notifying the citizen twice on the same status', () => {
    const c = circuit();
    c.statuses[2] = {
      ...c.statuses[2]!,
      notify: true,
      onEnter: [
        { type: 'notifyCitizen', template: { subject: 'Acceptée', body: 'Votre demande {numero} est acceptée.' } },
      ],
    };
    expect(problems(c)).toEqual([
      'Le statut « Acceptée » préviendrait l’usager deux fois (notification standard et modèle) : gardez l’une des deux.',
    ]);
  });
});
