import type { Condition } from './form-definition.ts';

/** A file kept with an answer: a `stored_file` row of the tenant holding the draft or request. */
export type FileAnswer = { fileId: string; name: string; size: number; mediaType: string };
/** A French postal address; `inseeCode` is the commune it was matched to (routing reads it). */
export type AddressAnswer = { street: string; postcode: string; city: string; inseeCode: string | null };
/** WGS 84 degrees. */
export type PointAnswer = { lat: number; lon: number };

/**
 * A time held for the citizen by an appointment field (a `held` booking of the appointments module, in `tenantId`,
 * confirmed when the request is sent); `label` says it in words, so answers read without asking that module.
 */
export type AppointmentAnswer = { appointmentId: string; tenantId: string; startsAt: string; label: string };

/** One validated answer, typed by its field: text-like and single choice → string, date → 'YYYY-MM-DD'… */
export type AnswerValue =
  string | number | boolean | string[] | FileAnswer | AddressAnswer | PointAnswer | AppointmentAnswer;
export type Answers = Record<string, AnswerValue>;

/** An uploaded file not yet validated: its bytes, and whether the upload limit cut it short. */
export type FileUpload = { kind: 'upload'; filename: string; bytes: Buffer; truncated: boolean };

/**
 * An answer as received, before validation, whatever the channel (HTML form or JSON API): the channel adapters
 * (raw-input.ts) bring both to this one shape. `undefined` means "nothing sent": an existing value is kept.
 */
export type RawValue = string | string[] | boolean | Record<string, string> | FileUpload | undefined;
export type RawAnswers = Record<string, RawValue>;

export const isFileAnswer = (v: unknown): v is FileAnswer => !!v && typeof v === 'object' && 'fileId' in v;
export const isAddressAnswer = (v: unknown): v is AddressAnswer => !!v && typeof v === 'object' && 'postcode' in v;
export const isPointAnswer = (v: unknown): v is PointAnswer => !!v && typeof v === 'object' && 'lat' in v && 'lon' in v;

export const isAppointmentAnswer = (v: unknown): v is AppointmentAnswer =>
  !!v && typeof v === 'object' && 'appointmentId' in v;

export function isFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (
    value &&
    typeof value === 'object' &&
    !isFileAnswer(value) &&
    !isAddressAnswer(value) &&
    !isPointAnswer(value) &&
    !isAppointmentAnswer(value)
  ) {
    // Raw composite input (date parts, address parts…): filled when any part is.
    return Object.values(value).some((part) => typeof part === 'string' && part.trim() !== '');
  }
  return true;
}

/** Whether a condition holds for the answers known so far. A checkbox compares as "oui" when ticked. */
export function evaluateCondition(condition: Condition, answers: Record<string, unknown>): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, answers));
  const value = answers[condition.field];
  if ('filled' in condition) return isFilled(value) === condition.filled;
  const wanted = 'equals' in condition ? [condition.equals] : condition.in;
  if (typeof value === 'string') return wanted.includes(value);
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && wanted.includes(v));
  if (typeof value === 'boolean') return wanted.includes(value ? 'oui' : 'non');
  return false;
}
