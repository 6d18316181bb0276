import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import type { DraftOwner } from './drafts.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';

/**
 * Anonymous visitors may fill a form where the e-service allows it: their drafts are tied to a random token in an
 * HttpOnly cookie, of which only a hash is stored.
 */
export const VISITOR_COOKIE = 'communs_visiteur';
const VISITOR_MAX_AGE_S = 30 * 24 * 3600;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function visitorHash(request: FastifyRequest): string | null {
  const token = request.cookies[VISITOR_COOKIE];
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? hashOf(token) : null;
}

export function ensureVisitor(request: FastifyRequest, reply: FastifyReply): string {
  const existing = visitorHash(request);
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  void reply.setCookie(VISITOR_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.server.services.config.secureCookies,
    path: '/',
    maxAge: VISITOR_MAX_AGE_S,
  });
  return hashOf(token);
}

/** Who a new draft belongs to: the signed-in citizen, or this browser. */
export function draftOwnerFor(
  request: FastifyRequest,
  reply: FastifyReply,
  citizen: CitizenPrincipal | null,
): DraftOwner {
  return citizen ? { userId: citizen.userId } : { anonymousHash: ensureVisitor(request, reply) };
}

export function ownsDraft(request: FastifyRequest, citizen: CitizenPrincipal | null, draft: RequestDraftRow): boolean {
  if (draft.citizen_user_id) return citizen?.userId === draft.citizen_user_id;
  const hash = visitorHash(request);
  return !!hash && hash === draft.anonymous_owner_hash;
}
