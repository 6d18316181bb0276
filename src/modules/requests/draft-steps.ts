import { type Answers, type FormDefinition, type FormPage, pagesOf, visiblePages } from '../forms/index.ts';

/**
 * A draft is filled step by step: step N is the Nth page the answers so far make visible (a condition can hide a
 * page, and the steps close up). Pure functions of the definition and the answers.
 */
export type DraftStep = { position: number; count: number; index: number; page: FormPage };

/** The step at a position (1-based), or undefined when the answers make no such step. */
export function stepAt(definition: FormDefinition, answers: Answers, position: number): DraftStep | undefined {
  const pages = visiblePages(definition, answers);
  const index = pages[position - 1];
  const page = index === undefined ? undefined : pagesOf(definition)[index];
  return index === undefined || !page ? undefined : { position, count: pages.length, index, page };
}

/** The position of a page among the visible ones (0 when the answers hide it). */
export function positionOf(definition: FormDefinition, answers: Answers, pageIndex: number): number {
  return visiblePages(definition, answers).indexOf(pageIndex) + 1;
}

/** Where a draft resumes: the first visible step not yet reached, or the review once every step was. */
export function resumeAt(definition: FormDefinition, answers: Answers, reachedPage: number): number | 'review' {
  const pages = visiblePages(definition, answers);
  const next = pages.find((p) => p >= reachedPage);
  return next === undefined ? 'review' : pages.indexOf(next) + 1;
}
