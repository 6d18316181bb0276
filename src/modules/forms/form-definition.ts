import { z } from 'zod';

/**
 * Form definitions are data (DESIGN invariant 4): zod-typed JSON stored in `form_version`, frozen once published,
 * pinned by every request made with them. Fields form one flat list; a `pageBreak` starts a new page (as in w.c.s.),
 * so a one-page form is just a list of fields.
 */

export const ZFieldKey = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,39}$/,
    'Une clé de champ commence par une lettre minuscule, puis lettres, chiffres ou « _ » (40 au plus)',
  );

/** Shown when a field depends on another: evaluated on the server, live in the browser as an enhancement. */
export type Condition =
  | { field: string; equals: string }
  | { field: string; in: string[] }
  | { field: string; filled: boolean }
  | { all: Condition[] }
  | { any: Condition[] };

export const ZCondition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ field: ZFieldKey, equals: z.string() }).strict(),
    z.object({ field: ZFieldKey, in: z.array(z.string()).min(1) }).strict(),
    z.object({ field: ZFieldKey, filled: z.boolean() }).strict(),
    z.object({ all: z.array(ZCondition).min(1) }).strict(),
    z.object({ any: z.array(ZCondition).min(1) }).strict(),
  ]),
);

/** What the identity record may prefill, once the citizen has consented (see requests/citizen-identity.ts). */
export const IDENTITY_ATTRIBUTES = [
  'email',
  'fullName',
  'givenName',
  'familyName',
  'phone',
  'birthdate',
  'address',
] as const;
export type IdentityAttribute = (typeof IDENTITY_ATTRIBUTES)[number];

const ZOption = z.object({
  value: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Une valeur de choix s’écrit en minuscules, chiffres et tirets'),
  label: z.string().min(1).max(200),
  hint: z.string().max(300).optional(),
});

const input = {
  key: ZFieldKey,
  label: z.string().min(1).max(200),
  hint: z.string().max(500).optional(),
  required: z.boolean().default(true),
  condition: ZCondition.optional(),
};

const ZIsoDateOrToday = z.union([z.literal('today'), z.iso.date()]);

/** Media families a file field accepts; each maps to types recognised from the bytes (never from the name). */
export const FILE_FAMILIES = ['image', 'pdf'] as const;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const ZField = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('text'),
      ...input,
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(1).max(500).default(200),
      /** French formats, each with its own message. */
      format: z.enum(['postcode', 'siret']).optional(),
      pattern: z.object({ regex: z.string().min(1), message: z.string().min(1) }).optional(),
      prefill: z.enum(IDENTITY_ATTRIBUTES).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('textarea'), ...input, maxLength: z.number().int().min(1).max(10_000).default(4000) })
    .strict(),
  z.object({ type: z.literal('email'), ...input, prefill: z.literal('email').optional() }).strict(),
  z.object({ type: z.literal('phone'), ...input, prefill: z.literal('phone').optional() }).strict(),
  z
    .object({
      type: z.literal('number'),
      ...input,
      min: z.number().optional(),
      max: z.number().optional(),
      integer: z.boolean().default(false),
      unit: z.string().max(30).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('date'),
      ...input,
      min: ZIsoDateOrToday.optional(),
      max: ZIsoDateOrToday.optional(),
      prefill: z.literal('birthdate').optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('choice'),
      ...input,
      options: z.array(ZOption).min(2).max(100),
      display: z.enum(['radio', 'select']).default('radio'),
    })
    .strict(),
  z
    .object({
      type: z.literal('choices'),
      ...input,
      options: z.array(ZOption).min(1).max(100),
      minSelected: z.number().int().min(1).optional(),
      maxSelected: z.number().int().min(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal('checkbox'), ...input }).strict(),
  z
    .object({
      type: z.literal('file'),
      ...input,
      accept: z.array(z.enum(FILE_FAMILIES)).min(1).default(['image', 'pdf']),
      maxBytes: z.number().int().min(1).max(MAX_FILE_BYTES).default(MAX_FILE_BYTES),
    })
    .strict(),
  z.object({ type: z.literal('address'), ...input, prefill: z.literal('address').optional() }).strict(),
  z.object({ type: z.literal('mapPoint'), ...input }).strict(),
  z
    .object({
      type: z.literal('appointment'),
      ...input,
      /** The agenda (of the form's own administration) and the kind of meeting the field books. */
      agendaId: z.uuid(),
      meetingTypeId: z.uuid(),
    })
    .strict(),
  z
    .object({
      type: z.literal('section'),
      key: ZFieldKey,
      title: z.string().min(1).max(200),
      condition: ZCondition.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('explanation'),
      key: ZFieldKey,
      text: z.string().min(1).max(4000),
      condition: ZCondition.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('pageBreak'),
      key: ZFieldKey,
      title: z.string().min(1).max(200),
      condition: ZCondition.optional(),
    })
    .strict(),
]);

export type Field = z.output<typeof ZField>;
export type FieldType = Field['type'];
export type InputField = Exclude<Field, { type: 'section' | 'explanation' | 'pageBreak' }>;
export type ChoiceOption = z.output<typeof ZOption>;

export const INPUT_TYPES: ReadonlySet<FieldType> = new Set([
  'text',
  'textarea',
  'email',
  'phone',
  'number',
  'date',
  'choice',
  'choices',
  'checkbox',
  'file',
  'address',
  'mapPoint',
  'appointment',
]);

export function isInput(field: Field): field is InputField {
  return INPUT_TYPES.has(field.type);
}

/** The fields a condition reads. */
export function conditionFields(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  return [condition.field];
}

export const ZFormDefinition = z
  .object({
    /** Title of the first page (later pages take their page break's title). */
    title: z.string().min(1).max(200),
    fields: z.array(ZField).min(1).max(200),
  })
  .strict()
  .superRefine((definition, ctx) => {
    const seen = new Map<string, Field>();
    definition.fields.forEach((field, index) => {
      if (seen.has(field.key))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', index, 'key'],
          message: `La clé « ${field.key} » est déjà utilisée`,
        });
      // A condition may only look back: the server evaluates pages in order, and a citizen answers them in order.
      for (const key of field.condition ? conditionFields(field.condition) : []) {
        const target = seen.get(key);
        if (!target || !isInput(target)) {
          ctx.addIssue({
            code: 'custom',
            path: ['fields', index, 'condition'],
            message: `La condition porte sur « ${key} », qui n'est pas un champ placé avant`,
          });
        }
      }
      if (field.type === 'number' && field.min !== undefined && field.max !== undefined && field.min > field.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', index, 'max'],
          message: 'Le maximum est inférieur au minimum',
        });
      }
      if (field.type === 'text' && field.pattern) {
        try {
          new RegExp(field.pattern.regex, 'u');
        } catch {
          ctx.addIssue({
            code: 'custom',
            path: ['fields', index, 'pattern'],
            message: 'Expression régulière invalide',
          });
        }
      }
      seen.set(field.key, field);
    });
    if (definition.fields[0]?.type === 'pageBreak') {
      ctx.addIssue({
        code: 'custom',
        path: ['fields', 0],
        message: 'Un formulaire ne commence pas par un saut de page',
      });
    }
  });

export type FormDefinition = z.output<typeof ZFormDefinition>;
/** A definition as written (defaults not yet applied), e.g. in demo content. */
export type FormDefinitionInput = z.input<typeof ZFormDefinition>;

export type FormPage = { index: number; title: string; fields: Field[]; condition?: Condition | undefined };

/** The pages of a form: the fields between page breaks. */
export function pagesOf(definition: FormDefinition): FormPage[] {
  const pages: FormPage[] = [{ index: 0, title: definition.title, fields: [] }];
  for (const field of definition.fields) {
    if (field.type === 'pageBreak')
      pages.push({ index: pages.length, title: field.title, fields: [], condition: field.condition });
    else pages[pages.length - 1]?.fields.push(field);
  }
  return pages;
}

export function inputFields(definition: FormDefinition): InputField[] {
  return definition.fields.filter(isInput);
}
