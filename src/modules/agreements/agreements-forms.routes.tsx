import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import type { SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { asList, formValues, parseForm } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { pageContext, redirectWithin, renderHtml } from '../../platform/http/render.tsx';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { recordConnectorCost } from '../billing/record-connector-cost.ts';
import { setPopulationOverride } from '../billing/set-population-override.ts';
import { answerDispute } from './answer-dispute.ts';
import { findDispute, findNotice } from './agreements.repo.ts';
import { formatCalendarDate, parisDay, yearOf } from '../../platform/paris-time.ts';
import {
  dateParts,
  joinDateParts,
  zDate,
  zEuros,
  zOptionalDate,
  zOptionalEuros,
  zText,
  zWholeNumber,
  zYear,
} from '../../platform/http/form-fields.ts';
import { loadCommuneFile } from './load-commune-file.ts';
import { recordAgreement } from './record-agreement.ts';
import { recordAmendment } from './record-amendment.ts';
import { recordDispute } from './record-dispute.ts';
import { recordFormalNotice } from './record-formal-notice.ts';
import { recordTerminationNotice } from './record-termination-notice.ts';
import { resolveFormalNotice } from './resolve-formal-notice.ts';
import {
  AmendmentForm,
  ConnectorForm,
  PopulationForm,
  RecordAgreementForm,
  TerminationNoticeForm,
} from './views/agreement-forms.tsx';
import type { DateValues, FormValues } from './views/form-page.tsx';
import { DisputeAnswerForm, DisputeForm, FormalNoticeForm, ResolveFormalNoticeForm } from './views/notice-forms.tsx';
import { PARTY_LABELS } from './views/labels.ts';
import { actorOf, productionCommuneBySlug } from '../../platform/http/route-helpers.ts';
import { parseParams } from '../../platform/http/route-input.ts';

const ZCommuneParams = z.object({ slug: z.string() });
const ZParty = z.enum(['commune', 'metropole'], { message: 'Choisissez la commune ou la Métropole' });
const ZToodego = z.enum(['partenaire', 'abonne', 'connecte'], { message: 'Choisissez une offre Toodego' });

type Outcome = { ok: true; done: string } | { ok: false; errors: FieldErrors };

/**
 * One form page of a commune's file: GET draws it, POST validates (dates typed in three fields are joined first),
 * runs the use case, and either redraws with the errors (422) or goes back to the file with a notice.
 */
type FormSpec<S extends z.ZodType> = {
  path: string;
  dates: string[];
  schema: S | ((values: FormValues) => S);
  initial?: (
    commune: ResolvedTenant,
  ) => Promise<{ values: FormValues; dates: DateValues }> | { values: FormValues; dates: DateValues };
  render: (
    context: PageContext,
    commune: ResolvedTenant,
    state: { values: FormValues; dates: DateValues; errors: FieldErrors },
    request: FastifyRequest,
  ) => Promise<VNode> | VNode;
  submit: (commune: ResolvedTenant, data: z.output<S>, actor: AuditActor, request: FastifyRequest) => Promise<Outcome>;
};

/** The operators' form pages on a commune's agreement file: one page per form, errors redrawn (422). */
export function registerAgreementFormRoutes(app: FastifyInstance): void {
  const { services } = app;
  const findCommune = (request: FastifyRequest) =>
    productionCommuneBySlug(services, parseParams(ZCommuneParams, request).slug);

  function formPage<S extends z.ZodType>(spec: FormSpec<S>): void {
    const draw = async (
      request: FastifyRequest,
      reply: FastifyReply,
      commune: ResolvedTenant,
      state: { values: FormValues; dates: DateValues; errors: FieldErrors },
      status = 200,
    ) => {
      // Some forms read the file to describe what they act on: the page is rendered once that is loaded.
      const context = await pageContext(request, reply);
      const page = await spec.render(context, commune, state, request);
      return reply.status(status).type('text/html; charset=utf-8').send(renderHtml(page));
    };
    app.get(`/admin/conventions/:slug/${spec.path}`, async (request, reply) => {
      requireOperator(request);
      const commune = await findCommune(request);
      const initial = spec.initial ? await spec.initial(commune) : { values: {}, dates: {} };
      return draw(request, reply, commune, { ...initial, errors: {} });
    });
    app.post(`/admin/conventions/:slug/${spec.path}`, async (request, reply) => {
      const user = requireOperator(request);
      const commune = await findCommune(request);
      const raw = formValues(request.body);
      const values = joinDateParts(raw, spec.dates);
      const dates = Object.fromEntries(spec.dates.map((name) => [name, dateParts(raw, name)]));
      const schema = typeof spec.schema === 'function' ? spec.schema(values) : spec.schema;
      const parsed = parseForm(schema, values);
      const outcome: Outcome = parsed.ok
        ? await spec.submit(commune, parsed.data, actorOf(request, user), request)
        : { ok: false, errors: parsed.errors };
      if (!outcome.ok) return draw(request, reply, commune, { values: raw, dates, errors: outcome.errors }, 422);
      return redirectWithin(request, reply, `/admin/conventions/${commune.slug}?fait=${outcome.done}`);
    });
  }

  formPage({
    path: 'convention',
    dates: ['communeSignedOn', 'metropoleSignedOn'],
    initial: (commune) => ({
      values: {
        toodego: commune.offers.subscriptions.toodego ?? 'none',
        services: (['laclasse', 'opendata', 'geonet'] as const).filter(
          (s) => commune.offers.subscriptions[s] === 'subscribed',
        ),
      },
      dates: {},
    }),
    schema: z.object({
      communeSignedOn: zDate('la date de signature de la commune'),
      metropoleSignedOn: zDate('la date de signature de la Métropole'),
      toodego: z.enum(['partenaire', 'abonne', 'connecte', 'none'], {
        message: 'Choisissez une offre Toodego, ou « Pas de Toodego »',
      }),
      services: z.preprocess(
        asList,
        z.array(z.enum(['laclasse', 'opendata', 'geonet'], { message: 'Choisissez parmi les services proposés' })),
      ),
      previousToodego: zOptionalEuros('le montant facturé pour Toodego'),
      previousLaclasse: zOptionalEuros('le montant facturé pour laclasse.com'),
    }),
    render: (context, commune, state) => RecordAgreementForm({ context, commune, ...state }),
    async submit(commune, data, actor) {
      const has = (s: 'laclasse' | 'opendata' | 'geonet'): SubscriptionOffer =>
        data.services.includes(s) ? 'subscribed' : 'none';
      const result = await recordAgreement(services, {
        commune,
        actor,
        communeSignedOn: data.communeSignedOn,
        metropoleSignedOn: data.metropoleSignedOn,
        services: {
          toodego: data.toodego,
          laclasse: has('laclasse'),
          opendata: has('opendata'),
          geonet: has('geonet'),
        },
        previouslyBilledCents: {
          ...(data.previousToodego !== undefined && data.toodego !== 'none' ? { toodego: data.previousToodego } : {}),
          ...(data.previousLaclasse !== undefined && data.services.includes('laclasse')
            ? { laclasse: data.previousLaclasse }
            : {}),
        },
      });
      return result.ok ? { ok: true, done: 'convention' } : result;
    },
  });

  formPage({
    path: 'avenant',
    dates: ['noticeReceivedOn', 'communeSignedOn', 'metropoleSignedOn'],
    schema: (values) =>
      z.object({
        kind: z.enum(['add_service', 'drop_service', 'change_offer'], { message: "Choisissez l'objet de l'avenant" }),
        service: z.enum(['toodego', 'laclasse', 'opendata', 'geonet'], { message: 'Choisissez un service' }),
        toOffer:
          values.service === 'toodego' && values.kind !== 'drop_service'
            ? ZToodego
            : z.any().transform(() => 'subscribed' as const),
        noticeReceivedOn: zOptionalDate('la date de réception de la lettre'),
        communeSignedOn: zOptionalDate('la date de signature de la commune'),
        metropoleSignedOn: zOptionalDate('la date de signature de la Métropole'),
      }),
    render: (context, commune, state) => AmendmentForm({ context, commune, ...state }),
    async submit(commune, data, actor) {
      const result = await recordAmendment(services, {
        commune,
        actor,
        kind: data.kind,
        service: data.service,
        toOffer: data.toOffer as SubscriptionOffer,
        noticeReceivedOn: data.noticeReceivedOn ?? null,
        communeSignedOn: data.communeSignedOn ?? null,
        metropoleSignedOn: data.metropoleSignedOn ?? null,
      });
      return result.ok ? { ok: true, done: 'avenant' } : result;
    },
  });

  formPage({
    path: 'resiliation',
    dates: ['receivedOn'],
    schema: z.object({ fromParty: ZParty, receivedOn: zDate('la date de réception de la lettre') }),
    render: (context, commune, state) => TerminationNoticeForm({ context, commune, ...state }),
    async submit(commune, data, actor) {
      const result = await recordTerminationNotice(services, {
        commune,
        actor,
        fromParty: data.fromParty,
        receivedOn: data.receivedOn,
      });
      return result.ok ? { ok: true, done: 'resiliation' } : result;
    },
  });

  formPage({
    path: 'mise-en-demeure',
    dates: ['receivedOn'],
    schema: z.object({
      fromParty: ZParty,
      receivedOn: zDate('la date de réception'),
      grounds: zText('le manquement reproché'),
    }),
    render: (context, commune, state) => FormalNoticeForm({ context, commune, ...state }),
    async submit(commune, data, actor) {
      const result = await recordFormalNotice(services, { commune, actor, ...data });
      return result.ok ? { ok: true, done: 'mise-en-demeure' } : result;
    },
  });

  const noticeOf = async (commune: ResolvedTenant, request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    const notice = await withTenant(services.db, commune.id, (trx) => findNotice(trx, commune.id, id));
    if (!notice || notice.kind !== 'formal_notice') throw notFound("Cette mise en demeure n'existe pas.");
    return notice;
  };

  formPage({
    path: 'mise-en-demeure/:id',
    dates: ['lastDay'],
    schema: (values) =>
      z.object({
        outcome: z.enum(['remedied', 'terminate'], { message: "Choisissez l'issue de la mise en demeure" }),
        lastDay: values.outcome === 'terminate' ? zDate('le dernier jour de la convention') : z.any(),
      }),
    render: async (context, commune, state, request) => {
      const notice = await noticeOf(commune, request);
      return ResolveFormalNoticeForm({
        context,
        commune,
        noticeId: notice.id,
        summary: `Mise en demeure de ${notice.from_party === 'metropole' ? 'la commune par la Métropole' : 'la Métropole par la commune'}, reçue le ${formatCalendarDate(notice.received_on)} ; délai jusqu'au ${formatCalendarDate(notice.deadline_on)}.`,
        canTerminate: parisDay(services.clock.now()) > notice.deadline_on,
        ...state,
      });
    },
    async submit(commune, data, actor, request) {
      // The use case finds the notice itself (and says when there is none).
      const noticeId = (request.params as { id: string }).id;
      const result = await resolveFormalNotice(
        services,
        data.outcome === 'remedied'
          ? { commune, actor, noticeId, outcome: 'remedied' }
          : { commune, actor, noticeId, outcome: 'terminate', lastDay: String(data.lastDay) },
      );
      if (!result.ok && 'notFound' in result) throw notFound("Cette mise en demeure n'existe pas.");
      return result.ok ? { ok: true, done: 'mise-en-demeure-close' } : result;
    },
  });

  formPage({
    path: 'reclamation',
    dates: ['receivedOn'],
    schema: z.object({
      fromParty: ZParty,
      receivedOn: zDate('la date de réception'),
      subject: zText('les motifs du litige'),
    }),
    render: (context, commune, state) => DisputeForm({ context, commune, ...state }),
    async submit(commune, data, actor) {
      const result = await recordDispute(services, { commune, actor, ...data });
      return result.ok ? { ok: true, done: 'reclamation' } : result;
    },
  });

  const disputeOf = async (commune: ResolvedTenant, request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    const dispute = await withTenant(services.db, commune.id, (trx) => findDispute(trx, commune.id, id));
    if (!dispute) throw notFound("Cette réclamation n'existe pas.");
    return dispute;
  };

  formPage({
    path: 'reclamation/:id',
    dates: ['answeredOn'],
    schema: z.object({
      decision: z.enum(['accepted', 'rejected'], { message: 'Choisissez : acceptée ou rejetée' }),
      answeredOn: zDate('la date de la décision'),
      answer: zText('la décision motivée'),
    }),
    render: async (context, commune, state, request) => {
      const dispute = await disputeOf(commune, request);
      return DisputeAnswerForm({
        context,
        commune,
        disputeId: dispute.id,
        summary: `Réclamation de ${PARTY_LABELS[dispute.from_party]} reçue le ${formatCalendarDate(dispute.received_on)} : ${dispute.subject}. Décision à notifier au plus tard le ${formatCalendarDate(dispute.answer_due_on)} ; au-delà, le silence vaut rejet (art. 13).`,
        ...state,
      });
    },
    async submit(commune, data, actor, request) {
      const disputeId = (request.params as { id: string }).id;
      const result = await answerDispute(services, { commune, actor, disputeId, ...data });
      if (!result.ok && 'notFound' in result) throw notFound("Cette réclamation n'existe pas.");
      return result.ok ? { ok: true, done: 'reponse' } : result;
    },
  });

  formPage({
    path: 'connecteur',
    dates: ['activeFrom', 'activeUntil'],
    schema: z.object({
      label: zText('le nom du connecteur', 200),
      annualCost: zEuros('le coût annuel de maintenance'),
      priceYear: zYear("l'année du prix"),
      activeFrom: zDate('la date de mise en service'),
      activeUntil: zOptionalDate('la date de décommissionnement'),
    }),
    render: (context, commune, state) => ConnectorForm({ context, commune, ...state }),
    async submit(commune, data, actor) {
      if (data.activeUntil && data.activeUntil < data.activeFrom)
        return { ok: false, errors: { activeUntil: 'Le décommissionnement ne peut pas précéder la mise en service.' } };
      await recordConnectorCost(services, {
        commune,
        actor,
        label: data.label,
        annualCents: data.annualCost,
        priceYear: data.priceYear,
        activeFrom: data.activeFrom,
        activeUntil: data.activeUntil ?? null,
      });
      return { ok: true, done: 'connecteur' };
    },
  });

  formPage({
    path: 'population',
    dates: [],
    initial: () => ({ values: { year: String(yearOf(parisDay(services.clock.now()))) }, dates: {} }),
    schema: z.object({
      year: zYear(),
      population: zWholeNumber("le nombre d'habitants"),
      source: zText('la source', 300),
    }),
    render: async (context, commune, state) => {
      const file = await loadCommuneFile(services, commune);
      return PopulationForm({
        context,
        commune,
        current: `Pour ${file.year}, la plateforme retient ${file.population.value.toLocaleString('fr-FR')} habitants (${file.population.source}).`,
        ...state,
      });
    },
    async submit(commune, data, actor) {
      await setPopulationOverride(services, { commune, actor, ...data });
      return { ok: true, done: 'population' };
    },
  });
}
