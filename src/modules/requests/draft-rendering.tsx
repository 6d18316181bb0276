import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DraftReviewSection } from '../../platform/app-module/app-module.ts';
import { notFound } from '../../platform/http/errors.ts';
import { sendPage } from '../../platform/http/render.tsx';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { parseSettings } from '../catalogue/index.ts';
import { z } from 'zod';
import { parseQuery } from '../../platform/http/route-input.ts';
import { type Answers, appointmentChoices, type DisplayValue, fieldLabels, visiblePages } from '../forms/index.ts';
import { draftBase, type LoadedDraft } from './load-draft.ts';
import { stepAt } from './draft-steps.ts';
import { citizenIdentity } from './citizen-identity.ts';
import { prefilledAnswers, prefillRequestOf } from './start-draft.ts';
import { DraftFormPage, ReviewPage } from './views/draft-pages.tsx';
import { listPersonalFiles } from './personal-files.ts';

/**
 * A step of a draft as a page: the fields of that step with the answers (or what was just sent, with its errors),
 * and which fields the identity record may fill under the consent in force (their hint says where the value came
 * from). 422 when it shows errors.
 */
export async function sendDraftStep(
  request: FastifyRequest,
  reply: FastifyReply,
  loaded: LoadedDraft,
  position: number,
  extra: { errors?: FieldErrors; sent?: Record<string, DisplayValue>; backToReview?: boolean } = {},
) {
  const { services } = request.server;
  const answers = loaded.draft.answers as Answers;
  const consented = loaded.citizen
    ? await prefilledAnswers(services, loaded.citizen.userId, loaded.eservice.id, loaded.form.definition)
    : {};
  const step = stepAt(loaded.form.definition, answers, position);
  if (!step) throw notFound("Cette étape n'existe pas.");
  const refused =
    loaded.citizen && position === 1
      ? await citizenIdentity(services).refusedAttributes(
          loaded.citizen.userId,
          loaded.eservice.id,
          prefillRequestOf(loaded.form.definition).attributes,
        )
      : [];
  const errors = extra.errors ?? {};
  const { jour } = parseQuery(DayQuery, request);
  const appointments = await appointmentChoices(services, loaded.draft.tenant_id, step.page.fields, answers, jour);
  const personalFiles = step.page.fields.some((f) => f.type === 'file')
    ? await listPersonalFiles(services, loaded.draft.tenant_id, loaded.citizen?.userId)
    : [];
  return sendPage(
    request,
    reply,
    (context) =>
      DraftFormPage({
        context,
        service: loaded.service,
        definition: loaded.form.definition,
        page: step.page,
        step: { position, count: step.count },
        action: `${draftBase(request, loaded.draft)}/etapes/${position}${extra.backToReview ? '?retour=recapitulatif' : ''}`,
        previous: position > 1,
        answers,
        sent: extra.sent,
        errors,
        labels: fieldLabels(loaded.form.definition),
        prefillable: new Set(Object.keys(consented)),
        prefillRefused: refused.length
          ? { attributes: refused, reviewHref: `${draftBase(request, loaded.draft)}/consentement?revoir=oui` }
          : null,
        idempotencyKey: loaded.draft.idempotency_key,
        appointments,
        personalFiles,
      }),
    Object.keys(errors).length ? 422 : 200,
  );
}

/** The day an appointment field's link picked (its times are shown). */
const DayQuery = z.object({ jour: z.iso.date().optional().catch(undefined) });

/** The review before sending: every answer with a link back to its step, who will handle it, where to reply. */
export async function sendDraftReview(
  request: FastifyRequest,
  reply: FastifyReply,
  loaded: LoadedDraft,
  values: { contact_email: string; sms: string },
  errors: FieldErrors = {},
) {
  const { services } = request.server;
  const base = draftBase(request, loaded.draft);
  const answers = loaded.draft.answers as Answers;
  const pages = visiblePages(loaded.form.definition, answers);
  const settings = parseSettings(loaded.eservice);
  const sections: DraftReviewSection[] = [];
  for (const module of services.modules) {
    const section = await module.draftReviewSection?.(services, {
      tenant: request.tenant,
      eserviceId: loaded.eservice.id,
      formVersionId: loaded.form.id,
      answers,
      signedIn: !!loaded.citizen,
      returnPath: `${base.slice(request.basePath.length)}/recapitulatif`,
    });
    if (section) sections.push(section);
  }
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
        sections,
      }),
    Object.keys(errors).length ? 422 : 200,
  );
}
