import type { z } from 'zod';
import type { FieldErrors } from '../views/forms.tsx';

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/**
 * Validates a submitted HTML form against its zod schema. On failure, gives the first message of each field (keyed
 * like the inputs, so ErrorSummary links and field errors line up) and the submitted values to redraw the form with.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** The form's string fields (the CSRF token and files left out). */
export function formValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  if (!body || typeof body !== 'object') return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) values[key] = value as string[];
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

/** Trimmed text or undefined, for optional fields submitted empty. */
export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A group of checkboxes as a list: absent when none is ticked, one value when one is, an array when several are. */
export const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
