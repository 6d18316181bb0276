import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { citizenOf } from '../../platform/auth/access-tokens.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { eservicePath, findEServiceById, providerOf } from '../catalogue/index.ts';
import { loadFormVersion } from '../forms/index.ts';
import { findDraft } from './drafts.repo.ts';
import { findRequestLink } from './requests.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';
import { requestPath } from './submission.ts';
import { ownsDraft } from './visitor.ts';

/** The path of every draft page: /brouillons/:id/… */
export const DraftPath = z.object({ id: z.string() });

export type LoadedDraft = Awaited<ReturnType<typeof loadDraft>>;

/** A draft, if the visitor owns it in this instance, with its e-service and form; 404 otherwise. */
export async function loadDraft(request: FastifyRequest, draftId: string) {
  const { services } = request.server;
  const citizen = await citizenOf(request);
  const draft = await withTenant(services.db, request.tenant.id, (trx) => findDraft(trx, draftId));
  // Someone else's draft, or a draft of another instance, does not exist for this visitor.
  if (!draft || !ownsDraft(request, citizen, draft)) throw notFound("Ce brouillon n'existe pas ou plus.");
  const eservice = await findEServiceById(services.db, draft.eservice_id);
  if (!eservice) throw notFound();
  const form = await loadFormVersion(services.db, draft.form_version_id);
  const provider = providerOf(request.tenant);
  return {
    draft,
    eservice,
    form,
    citizen,
    provider,
    service: { title: eservice.title, path: eservicePath(provider, eservice.slug), provider },
  };
}

export const draftBase = (request: FastifyRequest, draft: RequestDraftRow) =>
  `${request.basePath}/brouillons/${draft.id}`;

/** A draft already sent leads to its request's acknowledgement. */
export async function goToRequest(request: FastifyRequest, reply: FastifyReply, requestId: string) {
  const { services } = request.server;
  const row = await findRequestLink(services.db, requestId);
  const holder = row ? await services.tenants.byId(row.tenant_id) : undefined;
  if (!row || !holder) throw notFound();
  return reply.redirect(`${requestPath(holder, row)}/accuse-de-reception`, 303);
}
