import type { FormValues } from '../../platform/http/forms.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { type Condition, type Field, IDENTITY_ATTRIBUTES, isInput, ZField } from '../forms/index.ts';
import type { AgendaChoice } from './agenda-choices.ts';

/** The attributes of the identity record each kind of field may be prefilled from (the form engine's own rule). */
export const PREFILL_CHOICES: Partial<Record<Field['type'], readonly string[]>> = {
  text: IDENTITY_ATTRIBUTES,
  email: ['email'],
  phone: ['phone'],
  date: ['birthdate'],
  address: ['address'],
};

/** The builder's input names for the definition's properties, so a refusal is shown next to its own input. */
const INPUT_OF: Record<string, string> = {
  key: 'cle',
  label: 'libelle',
  title: 'titre',
  text: 'texte',
  hint: 'aide',
  condition: 'condition_champ',
  prefill: 'prefill',
  minLength: 'min_longueur',
  maxLength: 'max_longueur',
  format: 'format',
  pattern: 'motif',
  min: 'min',
  max: 'max',
  unit: 'unite',
  options: 'choix',
  display: 'affichage',
  minSelected: 'min_choix',
  maxSelected: 'max_choix',
  accept: 'types_fichier',
  maxBytes: 'taille_max',
  agendaId: 'rendez_vous',
  meetingTypeId: 'rendez_vous',
};

export const NO_AGENDA =
  'Votre administration n’a aucun agenda de rendez-vous ouvert : créez-en un (avec un motif) avant d’enregistrer ce champ.';
export const UNKNOWN_AGENDA = 'Choisissez dans la liste un agenda et un motif de rendez-vous de votre administration.';

/** The input a property of a field is edited in. */
export function inputOf(property: string | number | symbol | undefined): string {
  return INPUT_OF[String(property ?? '')] ?? 'libelle';
}

const text = (values: FormValues, name: string): string => {
  const v = values[name];
  return (typeof v === 'string' ? v : '').trim();
};
const optionalText = (values: FormValues, name: string) => text(values, name) || undefined;
const list = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

/** A number as typed in French ("2,5"), undefined when empty, NaN (refused by the schema) when not a number. */
function numberOf(values: FormValues, name: string): number | undefined {
  const raw = text(values, name).replace(/\s/g, '').replace(',', '.');
  if (raw === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
}

/** "valeur | libellé" per line; a line without a bar gives its value from its label. */
export function parseOptions(textarea: string): Array<{ value: string; label: string }> {
  return textarea
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [left, ...rest] = line.split('|');
      const label = rest.length ? rest.join('|').trim() : (left ?? '').trim();
      const value = rest.length
        ? (left ?? '').trim()
        : label
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .slice(0, 60);
      return { value, label };
    });
}

export function optionsText(options: ReadonlyArray<{ value: string; label: string }>): string {
  return options.map((o) => `${o.value} | ${o.label}`).join('\n');
}

/** A simple condition as the builder edits it; combined ones (all, any, in) are kept as they are. */
export function simpleCondition(
  condition: Condition | undefined,
): { field: string; mode: 'egal' | 'rempli' | 'vide'; value: string } | 'complex' | undefined {
  if (!condition) return undefined;
  if ('field' in condition && 'equals' in condition)
    return { field: condition.field, mode: 'egal', value: condition.equals };
  if ('field' in condition && 'filled' in condition)
    return { field: condition.field, mode: condition.filled ? 'rempli' : 'vide', value: '' };
  return 'complex';
}

function conditionOf(values: FormValues, existing: Condition | undefined): Condition | undefined {
  const mode = text(values, 'condition_mode');
  if (mode === 'garder') return existing;
  const field = text(values, 'condition_champ');
  if (!mode || !field) return undefined;
  if (mode === 'egal') return { field, equals: text(values, 'condition_valeur') };
  return { field, filled: mode === 'rempli' };
}

/**
 * The field an administrator's form describes, checked by the form engine's own schema; or each input's error in
 * French. The key may change (it is the variable name), the type may not (delete and add instead). An appointment
 * field books one of `agendas`, the administration's own: any other id sent is refused.
 */
export function fieldFromForm(
  existing: Field,
  values: FormValues,
  agendas: readonly AgendaChoice[] = [],
): { ok: true; field: Field } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const base: Record<string, unknown> = {
    type: existing.type,
    key: text(values, 'cle'),
    condition: conditionOf(values, existing.condition),
  };
  if (existing.type === 'section' || existing.type === 'pageBreak') base.title = text(values, 'titre');
  else if (existing.type === 'explanation') base.text = text(values, 'texte');
  else {
    base.label = text(values, 'libelle');
    base.hint = optionalText(values, 'aide');
    base.required = values.obligatoire === 'oui';
    if (PREFILL_CHOICES[existing.type]) base.prefill = optionalText(values, 'prefill');
  }
  switch (existing.type) {
    case 'text':
      base.minLength = numberOf(values, 'min_longueur');
      base.maxLength = numberOf(values, 'max_longueur');
      base.format = optionalText(values, 'format');
      base.pattern = text(values, 'motif')
        ? { regex: text(values, 'motif'), message: text(values, 'motif_message') || 'Réponse au mauvais format.' }
        : undefined;
      break;
    case 'textarea':
      base.maxLength = numberOf(values, 'max_longueur');
      break;
    case 'number':
      base.min = numberOf(values, 'min');
      base.max = numberOf(values, 'max');
      base.integer = values.entier === 'oui';
      base.unit = optionalText(values, 'unite');
      break;
    case 'date':
      base.min = optionalText(values, 'date_min');
      base.max = optionalText(values, 'date_max');
      break;
    case 'choice':
      base.options = parseOptions(text(values, 'choix'));
      base.display = text(values, 'affichage') || 'radio';
      break;
    case 'choices':
      base.options = parseOptions(text(values, 'choix'));
      base.minSelected = numberOf(values, 'min_choix');
      base.maxSelected = numberOf(values, 'max_choix');
      break;
    case 'file': {
      base.accept = list(values, 'types_fichier');
      const megabytes = numberOf(values, 'taille_max');
      base.maxBytes = megabytes === undefined ? undefined : Math.round(megabytes * 1024 * 1024);
      break;
    }
    case 'appointment': {
      const chosen = agendas.find((c) => c.value === text(values, 'rendez_vous'));
      if (chosen) {
        base.agendaId = chosen.agendaId;
        base.meetingTypeId = chosen.meetingTypeId;
      } else errors.rendez_vous = agendas.length ? UNKNOWN_AGENDA : NO_AGENDA;
      break;
    }
    default:
      break;
  }
  for (const key of Object.keys(base)) if (base[key] === undefined) delete base[key];
  const parsed = ZField.safeParse(base);
  if (parsed.success && !Object.keys(errors).length) return { ok: true, field: parsed.data };
  if (parsed.success) return { ok: false, errors };
  for (const issue of parsed.error.issues) {
    const input = INPUT_OF[String(issue.path[0] ?? '')] ?? 'libelle';
    errors[input] ??= issue.code === 'invalid_type' ? 'Valeur attendue : un nombre.' : issue.message;
  }
  return { ok: false, errors };
}

/** Moves a field one place up or down; a page break never becomes the first field. */
export function moveField(fields: Field[], key: string, direction: 'monter' | 'descendre'): Field[] | undefined {
  const index = fields.findIndex((f) => f.key === key);
  const target = direction === 'monter' ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= fields.length) return undefined;
  const moved = [...fields];
  [moved[index], moved[target]] = [moved[target] as Field, moved[index] as Field];
  return moved;
}

/** The input fields placed before a field: those its condition may look at. */
export function earlierInputs(fields: Field[], key: string): Field[] {
  const index = fields.findIndex((f) => f.key === key);
  return fields.slice(0, index < 0 ? fields.length : index).filter(isInput);
}
