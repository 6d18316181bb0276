import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, notFound } from './errors.ts';
import { formValues } from './forms.ts';

/**
 * The path parameters of a page, checked by the route's schema. A path parameter names something (an id, a slug, a
 * year): one that does not fit the schema names nothing, so the page does not exist (404, like a foreign tenant's).
 */
export function parseParams<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> {
  const result = schema.safeParse(request.params);
  if (!result.success) throw notFound();
  return result.data;
}

/**
 * The query string of a page, checked by the route's schema: typed values, or a 422 naming each parameter that does
 * not fit, in French (an HTML page, or problem+json for a JSON client, by the error handler). Parameters a visitor
 * may leave out or mistype without harm (a notice flag) are declared `.optional().catch(undefined)`.
 */
export function parseQuery<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> {
  return checked(schema, request.query ?? {}, "Paramètre d'adresse invalide", 'query');
}

/**
 * The text fields of a posted form (files and the CSRF token left out), checked by the route's schema, for a form
 * whose answers a use case validates itself, or that only carries choices: typed values, or a French 422 naming the
 * fields. A form redrawn with its errors uses parseForm instead.
 */
export function parseBody<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> {
  return parseFormBody(schema, request.body);
}

/** The same, for a body a route hands to a helper. */
export function parseFormBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return checked(schema, formValues(body), 'Champ de formulaire invalide', 'form');
}

function checked<S extends z.ZodType>(schema: S, input: unknown, what: string, whole: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || whole,
    message: issue.message,
  }));
  throw new AppError('validation_failed', `${what} : ${fields.map((f) => `${f.field} (${f.message})`).join(', ')}.`, {
    fields,
  });
}

/**
 * Route options for a form with files: an upload over the size limit reaches the handler marked as truncated, so
 * the page can say which file is too large instead of failing the whole form.
 */
export const UPLOAD_ROUTE = {
  config: { multipartOptions: { throwFileSizeLimit: false } as Record<string, unknown> },
};
