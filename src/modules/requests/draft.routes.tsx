import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { formValues } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { eservicePath, findEServiceById, parseSettings, providerOf, resolveEService } from '../catalogue/index.ts';
import {
  type Answers,
  type DisplayValue,
  fieldLabels,
  loadFormVersion,
  pagesOf,
  rawFromHtml,
  visiblePages,
} from '../forms/index.ts';
import { citizenOf, type CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import { deleteDraft, findDraft } from './drafts.repo.ts';
import { findRequestLink } from './requests.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';
import { saveDraftPage } from './save-draft-page.ts';
import { prefilledAnswers, startDraft } from './start-draft.ts';
import { submitDraft } from './submit-draft.ts';
import { requestPath } from './submission.ts';
import { draftOwnerFor, ownsDraft } from './visitor.ts';
import { DraftFormPage, ReviewPage } from './views/draft-pages.tsx';

// Uploads over the limit reach the handler marked as truncated, so the page can say which file is too large.
const UPLOAD_ROUTE = { config: { multipartOptions: { throwFileSizeLimit: false } as Record<string, unknown> } };

export type LoadedDraft = Awaited<ReturnType<typeof loadDraft>>;

const REFUSALS: Record<string, string> = {
  'login-required': 'Connectez-vous pour envoyer cette démarche.',
  'certified-required': 'Cette démarche demande une identité certifiée par FranceConnect.',
  unavailable: "Cette démarche n'est plus ouverte : votre brouillon reste enregistré.",
};

/** The draft of the URL, if the visitor owns it in this instance; 404 otherwise. */
export async function loadDraft(request: FastifyRequest) {
  const { services } = request.server;
  const citizen = await citizenOf(request);
  const { id } = request.params as { id: string };
  const draft = await withTenant(services.db, request.tenant.id, (trx) => findDraft(trx, request.tenant.id, id));
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

export async function goToRequest(request: FastifyRequest, reply: FastifyReply, requestId: string) {
  const { services } = request.server;
  const row = await findRequestLink(services.db, requestId);
  const holder = row ? await services.tenants.byId(row.tenant_id) : undefined;
  if (!row || !holder) throw notFound();
  return reply.redirect(`${requestPath(holder, row)}/accuse-de-reception`, 303);
}

/** Filling a form: start, page by page with drafts saved, review, send. */
export function registerDraftRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.post('/demarches/:slug/commencer', async (request, reply) => {
    const found = await resolveEService(services, request.tenant, (request.params as { slug: string }).slug);
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
    const loaded = await loadDraft(request);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const pages = visiblePages(loaded.form.definition, loaded.draft.answers as Answers);
    const resume = pages.find((p) => p >= loaded.draft.reached_page);
    return reply.redirect(
      `${draftBase(request, loaded.draft)}/${resume === undefined ? 'recapitulatif' : `etapes/${pages.indexOf(resume) + 1}`}`,
      303,
    );
  });

  const renderPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: LoadedDraft,
    position: number,
    extra: { errors?: FieldErrors; sent?: Record<string, DisplayValue>; answers?: Answers } = {},
  ) => {
    const answers = extra.answers ?? (loaded.draft.answers as Answers);
    // Fields the identity record may fill under the consent in force: their hint says where the value came from.
    const consented = loaded.citizen
      ? await prefilledAnswers(services, loaded.citizen.userId, loaded.eservice.id, loaded.form.definition)
      : {};
    const pages = visiblePages(loaded.form.definition, answers);
    const index = pages[position - 1];
    const page = index === undefined ? undefined : pagesOf(loaded.form.definition)[index];
    if (!page) throw notFound("Cette étape n'existe pas.");
    const errors = extra.errors ?? {};
    return sendPage(
      request,
      reply,
      (context) =>
        DraftFormPage({
          context,
          service: loaded.service,
          definition: loaded.form.definition,
          page,
          step: { position, count: pages.length },
          action: `${draftBase(request, loaded.draft)}/etapes/${position}${(request.query as Record<string, unknown>).retour === 'recapitulatif' ? '?retour=recapitulatif' : ''}`,
          previous: position > 1,
          answers,
          sent: extra.sent,
          errors,
          labels: fieldLabels(loaded.form.definition),
          prefillable: new Set(Object.keys(consented)),
          idempotencyKey: loaded.draft.idempotency_key,
        }),
      Object.keys(errors).length ? 422 : 200,
    );
  };

  app.get('/brouillons/:id/etapes/:position', async (request, reply) => {
    const loaded = await loadDraft(request);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    return renderPage(request, reply, loaded, Number((request.params as { position: string }).position) || 0);
  });

  app.post('/brouillons/:id/etapes/:position', UPLOAD_ROUTE, async (request, reply) => {
    const loaded = await loadDraft(request);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const position = Number((request.params as { position: string }).position) || 0;
    const pages = visiblePages(loaded.form.definition, loaded.draft.answers as Answers);
    const index = pages[position - 1];
    const page = index === undefined ? undefined : pagesOf(loaded.form.definition)[index];
    if (index === undefined || !page) throw notFound("Cette étape n'existe pas.");
    const action = String(formValues(request.body)._action ?? 'continuer');
    const lenient = action !== 'continuer';
    const raw = await rawFromHtml(page.fields, request.body);
    const saved = await saveDraftPage(services, {
      draft: loaded.draft,
      form: loaded.form,
      page: index,
      raw,
      lenient,
      uploadedBy: loaded.citizen?.userId ?? null,
    });
    if (!saved.ok) {
      const sent = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [
          k,
          v && typeof v === 'object' && 'kind' in v ? undefined : (v as DisplayValue),
        ]),
      );
      return renderPage(request, reply, loaded, position, { errors: saved.errors, sent });
    }
    if (action === 'autosave') return reply.status(204).send();
    if (action === 'enregistrer') return afterSave(request, reply, loaded.citizen, loaded);
    const base = draftBase(request, loaded.draft);
    if (action === 'precedent') return reply.redirect(`${base}/etapes/${Math.max(1, position - 1)}`, 303);
    const nowPages = visiblePages(loaded.form.definition, saved.answers);
    const backToReview = (request.query as Record<string, unknown>).retour === 'recapitulatif';
    if (saved.next === 'review' || backToReview) return reply.redirect(`${base}/recapitulatif`, 303);
    return reply.redirect(`${base}/etapes/${nowPages.indexOf(saved.next) + 1}`, 303);
  });

  const renderReview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: LoadedDraft,
    values: { contact_email: string; sms: string },
    errors: FieldErrors = {},
  ) => {
    const base = draftBase(request, loaded.draft);
    const answers = loaded.draft.answers as Answers;
    const pages = visiblePages(loaded.form.definition, answers);
    const settings = parseSettings(loaded.eservice);
    const handledBy = loaded.eservice.mutualised
      ? "Votre demande sera transmise automatiquement à l'administration compétente (la Métropole ou votre commune) selon le lieu et la catégorie ; l'accusé de réception vous dira laquelle."
      : `Votre demande sera traitée par ${settings.office.name} (${loaded.provider.name}).`;
    return sendPage(
      request,
      reply,
      (context) =>
        ReviewPage({
          context,
          service: loaded.service,
          definition: loaded.form.definition,
          answers,
          editHref: (page) => `${base}/etapes/${pages.indexOf(page) + 1}?retour=recapitulatif`,
          action: `${base}/envoyer`,
          deleteAction: `${base}/supprimer`,
          handledBy,
          accountEmail: loaded.citizen?.email ?? null,
          values,
          errors,
          idempotencyKey: loaded.draft.idempotency_key,
        }),
      Object.keys(errors).length ? 422 : 200,
    );
  };

  app.get('/brouillons/:id/recapitulatif', async (request, reply) => {
    const loaded = await loadDraft(request);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const contact = loaded.draft.contact;
    return renderReview(request, reply, loaded, { contact_email: contact.email ?? '', sms: contact.sms ?? '' });
  });

  app.post('/brouillons/:id/envoyer', async (request, reply) => {
    const loaded = await loadDraft(request);
    const values = formValues(request.body);
    const sent = {
      contact_email: String(values.contact_email ?? '').slice(0, 300),
      sms: String(values.sms ?? '').slice(0, 40),
    };
    const outcome = await submitDraft(services, {
      draft: loaded.draft,
      eservice: loaded.eservice,
      provider: request.tenant,
      form: loaded.form,
      citizen: loaded.citizen,
      contactEmail: sent.contact_email,
      sms: sent.sms,
      idempotencyKey: String(values._idem ?? ''),
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
          const pages = visiblePages(loaded.form.definition, loaded.draft.answers as Answers);
          return renderPage(request, reply, loaded, pages.indexOf(outcome.page.index) + 1, {
            errors: outcome.page.errors,
          });
        }
        return renderReview(request, reply, loaded, sent, outcome.errors);
      }
    }
  });

  app.post('/brouillons/:id/supprimer', async (request, reply) => {
    const loaded = await loadDraft(request);
    await withTenant(services.db, request.tenant.id, (trx) => deleteDraft(trx, loaded.draft.id));
    return loaded.citizen
      ? redirectWithin(request, reply, '/mes-demandes?fait=supprime')
      : reply.redirect(loaded.service.path, 303);
  });
}
