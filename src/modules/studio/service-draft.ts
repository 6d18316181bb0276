import { z } from 'zod';
import { type EServiceSettingsInput, ZEServiceSettings } from '../catalogue/index.ts';
import { type Field, type FieldType, ZField, ZFormDefinition } from '../forms/index.ts';
import { type WorkflowDefinition, ZWorkflowDefinition, ZWorkflowShape } from '../workflows/index.ts';

/**
 * What the studio edits: a whole service — its catalogue entry, its form, its workflow — saved as one draft version
 * at every change. A draft may be unfinished (a workflow with a dead end, a condition on a field moved below it):
 * those findings are shown beside the editor, and only a complete service can be published or imported.
 */

export const ACCESSES = ['anonymous', 'account', 'certified'] as const;

export const ZSlug = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'L’adresse s’écrit en minuscules sans accents, chiffres et tirets (« carte-grise »).',
  )
  .max(60, 'L’adresse a 60 caractères au plus.');

export const ZServiceMeta = z
  .object({
    title: z.string().trim().min(1, 'Donnez un titre au service.').max(200),
    summary: z.string().trim().max(300),
    description: z.string().trim().max(4000),
    themes: z.array(z.string().trim().min(1).max(60)).max(5),
    keywords: z.array(z.string().trim().min(1).max(60)).max(20),
    access: z.enum(ACCESSES),
    mutualised: z.boolean().default(false),
    settings: ZEServiceSettings,
  })
  .strict();
export type ServiceMeta = z.output<typeof ZServiceMeta>;

const ZDraftForm = z
  .object({ title: z.string().trim().min(1).max(200), fields: z.array(ZField).min(1).max(200) })
  .strict();
export type DraftForm = z.output<typeof ZDraftForm>;

export const ZServiceDraft = z.object({ service: ZServiceMeta, form: ZDraftForm, workflow: ZWorkflowShape }).strict();
export type ServiceDraft = z.output<typeof ZServiceDraft>;

export const BUNDLE_FORMAT = 'communs.service/1';

/** A service exported from a studio, to be imported in another (or the same) one: checked whole, strictly. */
export const ZServiceBundle = z
  .object({
    format: z.literal(BUNDLE_FORMAT, { message: `Le format attendu est « ${BUNDLE_FORMAT} ».` }),
    slug: ZSlug,
    service: ZServiceMeta,
    form: ZFormDefinition,
    workflow: ZWorkflowDefinition,
  })
  .strict();
export type ServiceBundle = z.output<typeof ZServiceBundle>;

export function bundleOf(slug: string, draft: ServiceDraft): ServiceBundle {
  return { format: BUNDLE_FORMAT, slug, ...draft };
}

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Texte court',
  textarea: 'Texte long',
  email: 'Adresse électronique',
  phone: 'Téléphone',
  number: 'Nombre',
  date: 'Date',
  choice: 'Choix unique',
  choices: 'Choix multiples',
  checkbox: 'Case à cocher',
  file: 'Pièce jointe',
  address: 'Adresse postale',
  mapPoint: 'Point sur une carte',
  appointment: 'Rendez-vous',
  section: 'Intertitre',
  explanation: 'Texte explicatif',
  pageBreak: 'Nouvelle page',
};
/** What the builder offers to add: every type of the form engine. */
export const FIELD_TYPES = Object.keys(FIELD_TYPE_LABELS) as FieldType[];

/** What a new appointment field books before its editor chooses: nothing (an id no agenda has) when none exists. */
const NO_BOOKING = {
  agendaId: '00000000-0000-0000-0000-000000000000',
  meetingTypeId: '00000000-0000-0000-0000-000000000000',
};

/** A field's name for people: its label, or its title or text for the display-only kinds. */
export function fieldName(field: Field): string {
  if ('label' in field) return field.label;
  if ('title' in field) return field.title;
  return field.text.length > 40 ? `${field.text.slice(0, 40)}…` : field.text;
}

/**
 * A new field of a type, with what its kind needs to be valid (two options for a choice, for an appointment the
 * `booking` given, the administration's first agenda and meeting type), keyed after the others.
 */
export function newField(
  type: FieldType,
  taken: ReadonlySet<string>,
  booking: { agendaId: string; meetingTypeId: string } = NO_BOOKING,
): Field {
  let n = 1;
  while (taken.has(`champ_${n}`)) n += 1;
  const key = `champ_${n}`;
  const label = FIELD_TYPE_LABELS[type];
  const base =
    type === 'section' || type === 'pageBreak'
      ? { type, key, title: label }
      : type === 'explanation'
        ? { type, key, text: 'Texte à afficher.' }
        : type === 'choice' || type === 'choices'
          ? {
              type,
              key,
              label,
              options: [
                { value: 'oui', label: 'Oui' },
                { value: 'non', label: 'Non' },
              ],
            }
          : type === 'appointment'
            ? { type, key, label, agendaId: booking.agendaId, meetingTypeId: booking.meetingTypeId }
            : { type, key, label };
  return ZField.parse(base);
}

const STARTER_WORKFLOW: WorkflowDefinition = ZWorkflowDefinition.parse({
  label: 'Circuit du service',
  initial: 'recue',
  statuses: [
    { key: 'recue', label: 'Reçue', citizenLabel: 'Demande reçue', visibleToCitizen: true },
    {
      key: 'en-cours',
      label: 'En cours d’instruction',
      citizenLabel: 'En cours de traitement',
      visibleToCitizen: true,
      notify: true,
    },
    {
      key: 'acceptee',
      label: 'Acceptée',
      citizenLabel: 'Demande acceptée',
      visibleToCitizen: true,
      notify: true,
      final: true,
      outcome: 'accepted',
    },
    {
      key: 'refusee',
      label: 'Refusée',
      citizenLabel: 'Demande refusée',
      visibleToCitizen: true,
      notify: true,
      final: true,
      outcome: 'rejected',
    },
  ],
  transitions: [
    { from: 'recue', to: 'en-cours', label: 'Commencer l’instruction' },
    { from: 'en-cours', to: 'acceptee', label: 'Accepter' },
    {
      from: 'en-cours',
      to: 'refusee',
      label: 'Refuser',
      actions: [{ type: 'comment', visibility: 'citizen', label: 'Motif du refus' }],
    },
  ],
});

export type NewServiceInput = {
  title: string;
  office: { name: string; email: string; phone: string };
  mutualised: boolean;
};

/** A new service: one question, a "demande" whose silence means acceptance after two months, a four-status workflow. */
export function starterDraft(input: NewServiceInput): ServiceDraft {
  const settings: EServiceSettingsInput = {
    office: input.office,
    legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2, days: 0 } },
  };
  return ZServiceDraft.parse({
    service: {
      title: input.title,
      summary: '',
      description: '',
      themes: [],
      keywords: [],
      access: 'account',
      mutualised: input.mutualised,
      settings,
    },
    form: { title: input.title, fields: [{ type: 'text', key: 'objet', label: 'Objet de votre demande' }] },
    workflow: STARTER_WORKFLOW,
  });
}

const SEGMENT_NAMES: Record<string, string> = {
  format: 'format',
  slug: 'adresse',
  service: 'service',
  title: 'titre',
  summary: 'résumé',
  description: 'description',
  themes: 'thèmes',
  keywords: 'mots-clés',
  access: 'accès',
  settings: 'paramètres',
  office: 'service gestionnaire',
  legal: 'régime juridique',
  form: 'formulaire',
  workflow: 'circuit',
  initial: 'statut initial',
  label: 'libellé',
  options: 'choix',
  actions: 'actions',
  timers: 'délais',
  type: 'type',
  key: 'clé',
};

/**
 * A refusal of a bundle in words a non-developer can act on: where (« formulaire › champ n° 3 (« age ») › type »)
 * and what (the schema's French message, or the unknown type with those that exist).
 */
export function bundleProblems(input: unknown, error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const where: string[] = [];
    let node: unknown = input;
    issue.path.forEach((segment, i) => {
      const parent = issue.path[i - 1];
      const next =
        node && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment as string] : undefined;
      if (typeof segment === 'number') {
        const key = next && typeof next === 'object' && 'key' in next ? String(next.key) : null;
        const what =
          parent === 'fields'
            ? 'champ'
            : parent === 'statuses'
              ? 'statut'
              : parent === 'transitions'
                ? 'transition'
                : 'élément';
        where[where.length - 1] = `${what} n° ${segment + 1}${key ? ` (« ${key} »)` : ''}`;
      } else if (segment !== 'fields' && segment !== 'statuses' && segment !== 'transitions') {
        where.push(SEGMENT_NAMES[String(segment)] ?? `« ${String(segment)} »`);
      } else where.push(String(segment));
      node = next;
    });
    let message = issue.message;
    const typed =
      issue.path.at(-1) === 'type' ? node : node && typeof node === 'object' && 'type' in node ? node.type : undefined;
    if (issue.code === 'invalid_union' && typed !== undefined) {
      if (issue.path.at(-1) === 'type') where.pop();
      const list = issue.path.includes('fields') ? FIELD_TYPES.join(', ') : null;
      message = `le type « ${String(typed)} » n’existe pas${list ? ` (types possibles : ${list})` : ''}`;
    } else if (issue.code === 'unrecognized_keys') {
      message = `clé${issue.keys.length > 1 ? 's' : ''} inconnue${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.map((k) => `« ${k} »`).join(', ')}`;
    }
    return where.length ? `${where.join(' › ')} : ${message}` : message;
  });
}
