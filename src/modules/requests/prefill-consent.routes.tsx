import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { asList } from '../../platform/http/forms.ts';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { sendPage } from '../../platform/http/render.tsx';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { IDENTITY_ATTRIBUTES, type IdentityAttribute } from '../forms/index.ts';
import { citizenIdentity, type PrefillConsumer, prefillConsentWording } from './citizen-identity.ts';
import { decidePrefillConsent } from './decide-prefill-consent.ts';
import { draftBase, DraftPath, goToRequest, type LoadedDraft, loadDraft } from './load-draft.ts';
import { prefillRequestOf } from './start-draft.ts';
import { PrefillConsentPage } from './views/prefill-consent-page.tsx';

/** `?revoir=oui`: the citizen asks to see a decision already taken again, to change it (the draft's first page links here). */
const ReviewQuery = z.object({ revoir: z.literal('oui').optional().catch(undefined) });

/** The attributes ticked, and the button pressed (refusing sends no attribute). */
const ConsentForm = z.object({
  attribut: z.preprocess(asList, z.array(z.string())).catch([]),
  decision: z.enum(['accepter', 'refuser']).catch('accepter'),
});

const consumerOf = (loaded: LoadedDraft): PrefillConsumer => ({
  eserviceId: loaded.eservice.id,
  title: loaded.eservice.title,
  providerName: loaded.provider.name,
});

/**
 * The consent step before a form that asks for prefill: a signed-in citizen's own draft only; once the
 * decision in force covers the form's attributes, the step leads straight to the first page.
 */
export function registerPrefillConsentRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** The draft, its owner, what the form asks for and what is still undecided (null: nothing to ask). */
  async function load(request: FastifyRequest) {
    const loaded = await loadDraft(request, parseParams(DraftPath, request).id);
    // Anonymous drafts have no identity record to prefill from.
    if (!loaded.citizen) throw notFound("Ce brouillon n'existe pas ou plus.");
    const { attributes } = prefillRequestOf(loaded.form.definition);
    const identity = citizenIdentity(services);
    const review = parseQuery(ReviewQuery, request).revoir === 'oui';
    const pending = !attributes.length
      ? null
      : review
        ? await identity.consentChoices(loaded.citizen.userId, loaded.eservice.id, attributes)
        : await identity.pendingConsent(loaded.citizen.userId, loaded.eservice.id, attributes);
    return { loaded, citizen: loaded.citizen, attributes, pending, review };
  }

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: LoadedDraft,
    items: NonNullable<Awaited<ReturnType<typeof load>>['pending']>,
    review: boolean,
    errors: FieldErrors = {},
  ) =>
    sendPage(
      request,
      reply,
      (context) =>
        PrefillConsentPage({
          context,
          service: loaded.service,
          wording: prefillConsentWording(
            consumerOf(loaded),
            items.map((i) => i.attribute),
          ),
          items,
          action: `${draftBase(request, loaded.draft)}/consentement${review ? '?revoir=oui' : ''}`,
          errors,
        }),
      Object.keys(errors).length ? 422 : 200,
    );

  app.get('/brouillons/:id/consentement', async (request, reply) => {
    const { loaded, pending, review } = await load(request);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    if (!pending) return reply.redirect(`${draftBase(request, loaded.draft)}/etapes/1`, 303);
    return render(request, reply, loaded, pending, review);
  });

  app.post('/brouillons/:id/consentement', async (request, reply) => {
    const { loaded, citizen, pending, review } = await load(request);
    if (loaded.draft.submitted_request_id) return goToRequest(request, reply, loaded.draft.submitted_request_id);
    const next = `${draftBase(request, loaded.draft)}/etapes/1`;
    // Already decided (a second click, another tab): the first decision stands, unless the citizen asked to review it.
    if (!pending) return reply.redirect(next, 303);
    const { attribut: ticked, decision } = parseBody(ConsentForm, request);
    const approved = IDENTITY_ATTRIBUTES.filter(
      (a): a is IdentityAttribute => ticked.includes(a) && pending.some((i) => i.attribute === a),
    );
    if (decision === 'accepter' && approved.length === 0) {
      const items = pending.map((i) => ({ ...i, approved: false }));
      return render(request, reply, loaded, items, review, {
        attribut: 'Cochez au moins une information à utiliser, ou choisissez « Continuer sans pré-remplissage ».',
      });
    }
    await decidePrefillConsent(services, {
      draft: loaded.draft,
      form: loaded.form,
      consumer: consumerOf(loaded),
      userId: citizen.userId,
      approved: decision === 'refuser' ? [] : approved,
      ip: request.ip,
    });
    return reply.redirect(next, 303);
  });
}
