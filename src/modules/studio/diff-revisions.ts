import { isDeepStrictEqual } from 'node:util';
import type { Field } from '../forms/index.ts';
import type { WorkflowDefinition } from '../workflows/index.ts';
import { FIELD_TYPE_LABELS, fieldName, type ServiceDraft } from './service-draft.ts';

/** What changed between two versions of a service, in sentences for the people who build it. */
export type RevisionDiff = { service: string[]; form: string[]; workflow: string[] };

const SERVICE_WORDS: Record<string, string> = {
  title: 'le titre',
  summary: 'le résumé',
  description: 'la description',
  themes: 'les thèmes',
  keywords: 'les mots-clés',
  access: 'l’accès',
  mutualised: 'la mutualisation',
  settings: 'le service gestionnaire, le délai légal ou la règle du silence',
};

const FIELD_PROPERTY_WORDS: Record<string, string> = {
  type: 'type',
  label: 'libellé',
  title: 'titre',
  text: 'texte',
  hint: 'aide',
  required: 'caractère obligatoire',
  condition: 'condition d’affichage',
  prefill: 'pré-remplissage',
  options: 'choix proposés',
  display: 'présentation',
  minLength: 'longueur minimale',
  maxLength: 'longueur maximale',
  format: 'format',
  pattern: 'motif de validation',
  min: 'minimum',
  max: 'maximum',
  integer: 'nombres entiers',
  unit: 'unité',
  minSelected: 'nombre minimal de choix',
  maxSelected: 'nombre maximal de choix',
  accept: 'types de fichier',
  maxBytes: 'taille maximale',
};

const quoted = (text: string) => `« ${text} »`;

function show(value: unknown): string {
  if (value === undefined) return 'rien';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'string' || typeof value === 'number') return quoted(String(value));
  return 'autre valeur';
}

function fieldChanges(before: Field, after: Field): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: string[] = [];
  for (const key of keys) {
    if (key === 'key') continue;
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (isDeepStrictEqual(a, b)) continue;
    const word = FIELD_PROPERTY_WORDS[key] ?? key;
    const simple = (v: unknown) => v === undefined || typeof v !== 'object';
    changes.push(simple(a) && simple(b) ? `${word} : ${show(a)} → ${show(b)}` : word);
  }
  return changes;
}

function diffForm(a: ServiceDraft['form'], b: ServiceDraft['form']): string[] {
  const lines: string[] = [];
  if (a.title !== b.title) lines.push(`Titre de la première page : ${quoted(a.title)} → ${quoted(b.title)}.`);
  const before = new Map(a.fields.map((f) => [f.key, f]));
  const after = new Map(b.fields.map((f) => [f.key, f]));
  for (const field of b.fields) {
    const old = before.get(field.key);
    if (!old)
      lines.push(`Champ ajouté : ${quoted(fieldName(field))} (${FIELD_TYPE_LABELS[field.type].toLowerCase()}).`);
    else {
      const changes = fieldChanges(old, field);
      if (changes.length) lines.push(`Champ ${quoted(fieldName(field))} modifié : ${changes.join(' ; ')}.`);
    }
  }
  for (const field of a.fields)
    if (!after.has(field.key))
      lines.push(`Champ retiré : ${quoted(fieldName(field))} (${FIELD_TYPE_LABELS[field.type].toLowerCase()}).`);
  const kept = (fields: Field[], other: Map<string, Field>) => fields.filter((f) => other.has(f.key)).map((f) => f.key);
  if (!isDeepStrictEqual(kept(a.fields, after), kept(b.fields, before))) lines.push('L’ordre des champs a changé.');
  return lines;
}

function diffWorkflow(a: WorkflowDefinition, b: WorkflowDefinition): string[] {
  const lines: string[] = [];
  const label = (w: WorkflowDefinition, key: string) => w.statuses.find((s) => s.key === key)?.label ?? key;
  if (a.initial !== b.initial)
    lines.push(`Statut initial : ${quoted(label(a, a.initial))} → ${quoted(label(b, b.initial))}.`);
  const before = new Map(a.statuses.map((s) => [s.key, s]));
  const after = new Map(b.statuses.map((s) => [s.key, s]));
  for (const status of b.statuses) {
    const old = before.get(status.key);
    if (!old) lines.push(`Statut ajouté : ${quoted(status.label)}${status.final ? ' (final)' : ''}.`);
    else if (!isDeepStrictEqual(old, status)) {
      const what: string[] = [];
      if (old.label !== status.label) what.push(`nom ${quoted(old.label)} → ${quoted(status.label)}`);
      if (old.citizenLabel !== status.citizenLabel) what.push('libellé pour l’usager');
      if (old.visibleToCitizen !== status.visibleToCitizen) what.push('visibilité pour l’usager');
      if (old.notify !== status.notify) what.push('notification de l’usager');
      if (old.final !== status.final || old.outcome !== status.outcome) what.push('fin de la demande');
      if (!isDeepStrictEqual(old.onEnter, status.onEnter)) what.push('actions à l’entrée');
      if (!isDeepStrictEqual(old.timers, status.timers)) what.push('délais');
      if (!isDeepStrictEqual(old.waitingForCitizen, status.waitingForCitizen)) what.push('attente de l’usager');
      if (!isDeepStrictEqual(old.buttons, status.buttons)) what.push('boutons');
      lines.push(`Statut ${quoted(status.label)} modifié : ${what.join(', ') || 'détails'}.`);
    }
  }
  for (const status of a.statuses) if (!after.has(status.key)) lines.push(`Statut retiré : ${quoted(status.label)}.`);
  const pair = (t: { from: string; to: string }) => `${t.from}→${t.to}`;
  const tBefore = new Map(a.transitions.map((t) => [pair(t), t]));
  const tAfter = new Map(b.transitions.map((t) => [pair(t), t]));
  const route = (w: WorkflowDefinition, t: { from: string; to: string }) =>
    `de ${quoted(label(w, t.from))} à ${quoted(label(w, t.to))}`;
  for (const t of b.transitions) {
    const old = tBefore.get(pair(t));
    if (!old) lines.push(`Transition ajoutée : ${quoted(t.label)} ${route(b, t)}.`);
    else if (!isDeepStrictEqual(old, t)) {
      const what: string[] = [];
      if (old.label !== t.label) what.push(`bouton ${quoted(old.label)} → ${quoted(t.label)}`);
      if (!isDeepStrictEqual(old.roles, t.roles)) what.push('qui peut l’utiliser');
      if (!isDeepStrictEqual(old.actions, t.actions)) what.push('actions');
      if (old.bulk !== t.bulk) what.push('usage sur une sélection');
      lines.push(`Transition ${quoted(t.label)} ${route(b, t)} modifiée : ${what.join(', ')}.`);
    }
  }
  for (const t of a.transitions)
    if (!tAfter.has(pair(t))) lines.push(`Transition retirée : ${quoted(t.label)} ${route(a, t)}.`);
  return lines;
}

export function diffRevisions(a: ServiceDraft, b: ServiceDraft): RevisionDiff {
  const service: string[] = [];
  for (const [key, word] of Object.entries(SERVICE_WORDS)) {
    const x = (a.service as Record<string, unknown>)[key];
    const y = (b.service as Record<string, unknown>)[key];
    if (isDeepStrictEqual(x, y)) continue;
    service.push(
      typeof x === 'string' && typeof y === 'string' && x.length < 80 && y.length < 80
        ? `${word[0]?.toUpperCase()}${word.slice(1)} : ${quoted(x)} → ${quoted(y)}.`
        : `${word[0]?.toUpperCase()}${word.slice(1)} a changé.`,
    );
  }
  return { service, form: diffForm(a.form, b.form), workflow: diffWorkflow(a.workflow, b.workflow) };
}
