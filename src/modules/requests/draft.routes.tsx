import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { citizenOf, type CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin } from '../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery, UPLOAD_ROUTE } from '../../platform/http/route-input.ts';
import { resolveEService } from '../catalogue/index.ts';
import { type Answers, type DisplayValue, rawFromHtml } from '../forms/index.ts';
import { takePersonalFiles } from './personal-files.ts';
import { sendDraftReview, sendDraftStep } from './draft-rendering.tsx';
import { positionOf, resumeAt, stepAt } from './draft-steps.ts';
import { deleteDraft } from './drafts.repo.ts';
import { draftBase, DraftPath, goToRequest, type LoadedDraft, loadDraft } from './load-draft.ts';
import { saveDraftPage } from './save-draft-page.ts';
import { startDraft } from './start-draft.ts';
import { submitDraft } from './submit-draft.ts';
import { requestPath } from './submission.ts';
import { draftOwnerFor } from './visitor.ts';

const ServicePath = z.object({ slug: z.string() });
const StepPath = DraftPath.extend({ position: z.coerce.number().int().min(1) });
/** Back to the review once a step is corrected from it. */
const StepQuery = z.object({ retour: z.literal('recapitulatif').optional().catch(undefined) });
/** The step's buttons; autosave is the enhancement script saving as the citizen types. */
const StepButtons = z.object({
  _action: z.enum(['continuer', 'precedent', 'enregistrer', 'autosave']).catch('continuer'),
});
/** Checked by the submission itself; kept within bounds to redraw the review with them. */
const SendForm = z.object({
  contact_email: z
    .string()
    .catch('')
    .transform((s) => s.slice(0, 300)),
  sms: z
    .string()
    .catch('')
    .transform((s) => s.slice(0, 40)),
  _idem: z.string().catch(''),
});

const REFUSALS: Record<string, string> = {
  'login-required': 'Connectez-vous pour envoyer cette démarche.',
  'certified-required': 'Cette démarche demande une identité certifiée par FranceConnect.',
  unavailable: "Cette démarche n'est plus ouverte : votre brouillon reste enregistré.",
};

/** Where a draft's owner goes back to: their dashboard, or the service's page without an account. */
function afterSave(
  request: FastifyRequest,
  reply: FastifyReply,
  citizen: CitizenPrincipal | null,
  loaded: LoadedDraft,
) {
  return citizen
    ? redirectWithin(request, reply, '/mes-demandes?fait=brouillon')
    : reply.redirect(`${loaded.service.path}?fait=brouillon`, 303);
}

/** Filling a form: start, page by page with drafts saved, review, send. */
export function registerDraftRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.post('/demarches/:slug/commencer', async (request, reply) => {
    const { slug } = parseParams(ServicePath, request);
    const found = await resolveEService(services, request.tenant, slug);
    if (!found?.canonical) throw notFound("Cette démarche n'existe pas ou n'est plus proposée.");
    const citizen = await citizenOf(request);
    const started = await startDraft(services, {
      eservice: found.eservice,
      provider: found.provider,
      citizen,
      owner: draftOwnerFor(request, reply, citizen),
    });
    if (!started.ok) {
      if (started.reason === 'login-required')
        throw new AppError('authentication_required', 'Connectez-vous pour faire cette démarche.');
      throw new AppError(
        'forbidden',
        started.reason === 'certified-required'
          ? 'Cette démarche demande une identité certifiée par FranceConnect.'
          : "Cette démarche n'est pas ouverte.",
      );
    }
    // With no decision yet on prefill for this e-service, the consent step comes before the first page.
    return redirectWithin(
      request,
      reply,
      `/brouillons/${started.draft.id}/${started.consentNeeded ? 'consentement' : 'etapes/1'}`,
    );
  });

  app.get('/brouillons/:id', async (request, reply) => {
    const loaded = await loadDraft(request, parseParams(DraftPath, request).id);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const resume = resumeAt(loaded.form.definition, loaded.draft.answers as Answers, loaded.draft.reached_page);
    return reply.redirect(
      `${draftBase(request, loaded.draft)}/${resume === 'review' ? 'recapitulatif' : `etapes/${resume}`}`,
      303,
    );
  });

  app.get('/brouillons/:id/etapes/:position', async (request, reply) => {
    const { id, position } = parseParams(StepPath, request);
    const loaded = await loadDraft(request, id);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const backToReview = parseQuery(StepQuery, request).retour !== undefined;
    return sendDraftStep(request, reply, loaded, position, { backToReview });
  });

  app.post('/brouillons/:id/etapes/:position', UPLOAD_ROUTE, async (request, reply) => {
    const { id, position } = parseParams(StepPath, request);
    const backToReview = parseQuery(StepQuery, request).retour !== undefined;
    const loaded = await loadDraft(request, id);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const step = stepAt(loaded.form.definition, loaded.draft.answers as Answers, position);
    if (!step) throw notFound("Cette étape n'existe pas.");
    const { _action: action } = parseBody(StepButtons, request);
    // The form engine reads the step's own fields (text and files) from the body.
    const raw = await rawFromHtml(step.page.fields, request.body);
    await takePersonalFiles(services, {
      tenantId: loaded.draft.tenant_id,
      userId: loaded.citizen?.userId,
      fields: step.page.fields,
      raw,
      chosen: formText(parseForm(z.unknown(), request.body).values),
    });
    const saved = await saveDraftPage(services, {
      draft: loaded.draft,
      form: loaded.form,
      page: step.index,
      raw,
      lenient: action !== 'continuer',
      uploadedBy: loaded.citizen?.userId ?? null,
    });
    if (!saved.ok) {
      // What was typed is shown back; files are not (a browser cannot be given a file to send again).
      const sent = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [
          k,
          v && typeof v === 'object' && 'kind' in v ? undefined : (v as DisplayValue),
        ]),
      );
      return sendDraftStep(request, reply, loaded, position, { errors: saved.errors, sent, backToReview });
    }
    if (action === 'autosave') return reply.status(204).send();
    if (action === 'enregistrer') return afterSave(request, reply, loaded.citizen, loaded);
    const base = draftBase(request, loaded.draft);
    if (action === 'precedent') return reply.redirect(`${base}/etapes/${Math.max(1, position - 1)}`, 303);
    if (saved.next === 'review' || backToReview) return reply.redirect(`${base}/recapitulatif`, 303);
    return reply.redirect(`${base}/etapes/${positionOf(loaded.form.definition, saved.answers, saved.next)}`, 303);
  });

  app.get('/brouillons/:id/recapitulatif', async (request, reply) => {
    const loaded = await loadDraft(request, parseParams(DraftPath, request).id);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const contact = loaded.draft.contact;
    return sendDraftReview(request, reply, loaded, { contact_email: contact.email ?? '', sms: contact.sms ?? '' });
  });

  app.post('/brouillons/:id/envoyer', async (request, reply) => {
    const loaded = await loadDraft(request, parseParams(DraftPath, request).id);
    const { _idem, ...sent } = parseBody(SendForm, request);
    const outcome = await submitDraft(services, {
      draft: loaded.draft,
      eservice: loaded.eservice,
      provider: request.tenant,
      form: loaded.form,
      citizen: loaded.citizen,
      contactEmail: sent.contact_email,
      sms: sent.sms,
      idempotencyKey: _idem,
    });
    switch (outcome.kind) {
      case 'submitted':
        return reply.redirect(`${requestPath(outcome.result.holder, outcome.result.request)}/accuse-de-reception`, 303);
      case 'already-submitted':
        return goToRequest(request, reply, outcome.requestId);
      case 'refused':
        throw new AppError('conflict', REFUSALS[outcome.reason] ?? outcome.reason);
      case 'invalid': {
        if (outcome.page) {
          const position = positionOf(loaded.form.definition, loaded.draft.answers as Answers, outcome.page.index);
          return sendDraftStep(request, reply, loaded, position, { errors: outcome.page.errors });
        }
        return sendDraftReview(request, reply, loaded, sent, outcome.errors);
      }
    }
  });

  app.post('/brouillons/:id/supprimer', async (request, reply) => {
    const loaded = await loadDraft(request, parseParams(DraftPath, request).id);
    await withTenant(services.db, request.tenant.id, (trx) => deleteDraft(trx, loaded.draft.id));
    return loaded.citizen
      ? redirectWithin(request, reply, '/mes-demandes?fait=supprime')
      : reply.redirect(loaded.service.path, 303);
  });
}
