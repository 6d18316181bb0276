import type { AcceptedType } from '../../platform/files/file-store.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { type Answers, evaluateCondition, type FileUpload, type RawAnswers } from './answers.ts';
import { requiredMessage, validateInput } from './field-validation.ts';
import { type Field, type FormDefinition, isInput, pagesOf } from './form-definition.ts';

/** A valid upload waiting to be stored: the engine never writes, so nothing is stored unless everything passed. */
export type PendingUpload = { key: string; upload: FileUpload; type: AcceptedType };

export type FormCheck = {
  /** The answers known after this step: earlier ones kept, new ones validated, hidden fields' answers dropped. */
  answers: Answers;
  uploads: PendingUpload[];
  errors: FieldErrors;
  /** For each field in error, the page it is on (to send the citizen back there). */
  errorPages: Record<string, number>;
};

export type CheckOptions = {
  /** Answers already held (the draft's, or none for a one-shot API submission). */
  known: Answers;
  /** Validate only this page's fields (others are taken from `known`); every page when absent. */
  page?: number;
  /** 'YYYY-MM-DD' in Paris: "today" for date limits. */
  today: string;
  /** Autosave: keep what is valid, report nothing, leave invalid answers as they were. */
  lenient?: boolean;
};

/**
 * Walks a definition in order, saying for each field its page and whether it is shown. Conditions read `answers` as
 * it is when the walk reaches them, so a caller that fills `answers` as it goes sees each condition with the answers
 * before it.
 */
function* walk(
  definition: FormDefinition,
  answers: Record<string, unknown>,
): Generator<{ field: Field; page: number; visible: boolean }> {
  let page = 0;
  let pageVisible = true;
  for (const field of definition.fields) {
    if (field.type === 'pageBreak') {
      page += 1;
      pageVisible = !field.condition || evaluateCondition(field.condition, answers);
    }
    yield { field, page, visible: pageVisible && (!field.condition || evaluateCondition(field.condition, answers)) };
  }
}

/** Where each field stands: its page, and whether it is shown given the answers before it. */
export function visibility(
  definition: FormDefinition,
  answers: Record<string, unknown>,
): Map<string, { page: number; visible: boolean }> {
  const result = new Map<string, { page: number; visible: boolean }>();
  for (const { field, page, visible } of walk(definition, answers)) result.set(field.key, { page, visible });
  return result;
}

/** The indexes of the pages a citizen goes through, given the answers (a page break may have a condition). */
export function visiblePages(definition: FormDefinition, answers: Answers): number[] {
  const seen = visibility(definition, answers);
  return pagesOf(definition)
    .filter(
      (page) =>
        page.index === 0 ||
        definition.fields.some(
          (f) => f.type === 'pageBreak' && seen.get(f.key)?.page === page.index && seen.get(f.key)?.visible,
        ),
    )
    .map((page) => page.index);
}

/**
 * Checks answers against a form definition, in field order, so that a condition always sees the answers before it
 * (conditional display is decided here, on the server; the browser only mirrors it). Hidden fields lose their
 * answers; a required visible field without an answer is an error. Nothing is written.
 */
export async function checkAnswers(
  definition: FormDefinition,
  raw: RawAnswers,
  options: CheckOptions,
): Promise<FormCheck> {
  const answers: Answers = { ...options.known };
  const uploads: PendingUpload[] = [];
  const errors: FieldErrors = {};
  const errorPages: Record<string, number> = {};
  for (const { field, page, visible } of walk(definition, answers)) {
    if (!isInput(field)) continue;
    if (!visible) {
      delete answers[field.key];
      continue;
    }
    if (options.page !== undefined && options.page !== page) continue;
    const outcome = await validateInput(field, raw[field.key], { today: options.today });
    switch (outcome.kind) {
      case 'value':
        answers[field.key] = outcome.value;
        break;
      case 'empty':
        delete answers[field.key];
        break;
      case 'upload':
        uploads.push({ key: field.key, upload: outcome.upload, type: outcome.type });
        break;
      case 'keep':
        if (answers[field.key] === undefined && field.required && !options.lenient) {
          errors[field.key] = requiredMessage(field);
          errorPages[field.key] = page;
        }
        break;
      case 'error':
        if (!options.lenient) {
          errors[field.key] = outcome.message;
          errorPages[field.key] = page;
        }
        break;
    }
  }
  return { answers, uploads: options.lenient ? [] : uploads, errors, errorPages };
}

/** The labels of a definition's fields, for the error summary and API messages. */
export function fieldLabels(definition: FormDefinition): Record<string, string> {
  return Object.fromEntries(definition.fields.filter(isInput).map((f) => [f.key, f.label]));
}

/** The fields of one page. */
export function fieldsOfPage(definition: FormDefinition, page: number): Field[] {
  return pagesOf(definition)[page]?.fields ?? [];
}
