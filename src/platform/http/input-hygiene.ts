import { Stream } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** Deeper than any form, answer or definition the platform takes; JSON nested thousands of levels is an attack. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Text the database can store and a JSON answer can carry: PostgreSQL refuses the NUL character in text and jsonb,
 * and a lone UTF-16 surrogate (valid in a JavaScript string and in JSON's \u escapes) is no character at all.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

type Flaw = 'character' | 'depth';

/**
 * The first flaw of a parsed input (query, path parameters, body), walked without recursion so that the walk itself
 * cannot be made to overflow: a string or a key that cannot be stored, or a nesting deeper than MAX_INPUT_DEPTH.
 * A multipart body's file streams and buffers are not entered: they are not text.
 */
export function flawOf(input: unknown): Flaw | null {
  const seen = new WeakSet<object>();
  const pending: Array<[unknown, number]> = [[input, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return 'character';
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Stream) continue;
    seen.add(value);
    if (depth >= MAX_INPUT_DEPTH) return 'depth';
    for (const [key, child] of Object.entries(value)) {
      if (!isStorableText(key)) return 'character';
      pending.push([child, depth + 1]);
    }
  }
  return null;
}

const FLAW_DETAILS: Record<Flaw, string> = {
  character: 'La requête contient un caractère interdit (caractère nul ou caractère Unicode incomplet).',
  depth: `La requête est imbriquée trop profondément (${MAX_INPUT_DEPTH} niveaux au plus).`,
};

/** Requests whose multipart body is being read by @fastify/multipart: what fails meanwhile is the sender's body. */
const readingMultipart = new WeakSet<FastifyRequest>();

/** To call just before registering @fastify/multipart, whose own preValidation hook reads the body. */
export function watchMultipartReading(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.isMultipart?.()) readingMultipart.add(request);
    done();
  });
}

/** A body @fastify/multipart (busboy) could not read: truncated, no boundary, malformed part headers… */
export function isMultipartReadingFailure(request: FastifyRequest, error: FastifyError): boolean {
  return readingMultipart.has(request) && (error.statusCode === undefined || error.statusCode >= 500);
}

/**
 * To call after registering the body parsers: every route's input is checked before validation and before the CSRF
 * check, so that no malformed text reaches a handler, the database or a page (a 400, never a 500).
 */
export function installInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    readingMultipart.delete(request);
    const flaw = flawOf(request.params) ?? flawOf(request.query) ?? flawOf(request.body);
    done(flaw ? new AppError('bad_request', FLAW_DETAILS[flaw]) : undefined);
  });
}
