import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, notFound } from './errors.ts';

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
  const result = schema.safeParse(request.query ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'query',
    message: issue.message,
  }));
  throw new AppError(
    'validation_failed',
    `Paramètre d'adresse invalide : ${fields.map((f) => `${f.field} (${f.message})`).join(', ')}.`,
    { fields },
  );
}
