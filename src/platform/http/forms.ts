import type { z } from 'zod';
import type { FieldErrors } from '../views/forms.tsx';

/** What a submitted form holds: its typed data or each field's error, and always the values as sent (to redraw it). */
export type FormResult<T> =
  { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** A form's string fields as sent: a field sent more than once (a group of checkboxes) gives a list. */
export type FormValues = Record<string, string | string[]>;

/**
 * Validates a submitted HTML form against its zod schema. On failure, gives the first message of each field (keyed
 * like the inputs, so ErrorSummary links and field errors line up) and the submitted values to redraw the form with.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** The form's string fields (the CSRF token and files left out). */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  for (const [key, value] of fieldsOf(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) values[key] = value;
    else if (
      value &&
      typeof value === 'object' &&
      'value' in value &&
      typeof value.value === 'string' &&
      !('filename' in value)
    ) {
      // A text field of a multipart form (@fastify/multipart attaches { value }).
      values[key] = value.value;
    }
  }
  return values;
}

/** The text fields of a form as sent, to redraw it after a refusal (lists, from groups of checkboxes, left out). */
export function formText(values: FormValues): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => !Array.isArray(entry[1])),
  );
}

/**
 * The file chosen in a multipart form's file input, or undefined when none was (an empty input sends a part with no
 * file name). @fastify/multipart has read its bytes before the handler runs.
 */
export async function formFile(body: unknown, name: string): Promise<{ filename: string; bytes: Buffer } | undefined> {
  const part = fieldsOf(body).find(([key]) => key === name)?.[1];
  if (
    !part ||
    typeof part !== 'object' ||
    !('filename' in part) ||
    typeof part.filename !== 'string' ||
    !part.filename ||
    !('toBuffer' in part) ||
    typeof part.toBuffer !== 'function'
  )
    return undefined;
  const bytes: unknown = await part.toBuffer();
  return Buffer.isBuffer(bytes) ? { filename: part.filename, bytes } : undefined;
}

/** A parsed body's fields, whatever parsed it (urlencoded, multipart, nothing). */
function fieldsOf(body: unknown): Array<[string, unknown]> {
  return body && typeof body === 'object' ? Object.entries(body) : [];
}

/** Trimmed text or undefined, for optional fields submitted empty. */
export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A group of checkboxes as a list: absent when none is ticked, one value when one is, an array when several are. */
export const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
