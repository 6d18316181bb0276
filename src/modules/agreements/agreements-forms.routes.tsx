import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { zDate, zOptionalDate, zOptionalEuros, zText } from '../../platform/http/form-fields.ts';
import { asList } from '../../platform/http/forms.ts';
import { parseParams } from '../../platform/http/route-input.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { registerAgreementFileForm } from './agreement-file-form.ts';
import { answerDispute } from './answer-dispute.ts';
import { findDispute, findNotice } from './notices.repo.ts';
import { recordAgreement } from './record-agreement.ts';
import { recordAmendment } from './record-amendment.ts';
import { recordDispute } from './record-dispute.ts';
import { recordFormalNotice } from './record-formal-notice.ts';
import { recordTerminationNotice } from './record-termination-notice.ts';
import { resolveFormalNotice } from './resolve-formal-notice.ts';
import { AmendmentForm, RecordAgreementForm, TerminationNoticeForm } from './views/agreement-forms.tsx';
import { PARTY_LABELS } from './views/labels.ts';
import { DisputeAnswerForm, DisputeForm, FormalNoticeForm, ResolveFormalNoticeForm } from './views/notice-forms.tsx';

const ZParty = z.enum(['commune', 'metropole'], { message: 'Choisissez la commune ou la Métropole' });
const ZToodego = z.enum(['partenaire', 'abonne', 'connecte'], { message: 'Choisissez une offre Toodego' });

/**
 * A formal notice or a claim of the file, by its id. Any string: an id that names nothing gets the page's own "does
 * not exist" (the repository finds nothing for a malformed one).
 */
const ZObjectParams = z.object({ id: z.string() });

/** The operators' form pages on a commune's agreement file: one page per form, errors redrawn (422). */
export function registerAgreementFormRoutes(app: FastifyInstance): void {
  const { services } = app;

  registerAgreementFileForm(app, {
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

  registerAgreementFileForm(app, {
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

  registerAgreementFileForm(app, {
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

  registerAgreementFileForm(app, {
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
    const { id } = parseParams(ZObjectParams, request);
    const notice = await withTenant(services.db, commune.id, (trx) => findNotice(trx, id));
    if (!notice || notice.kind !== 'formal_notice') throw notFound("Cette mise en demeure n'existe pas.");
    return notice;
  };

  registerAgreementFileForm(app, {
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
      const noticeId = parseParams(ZObjectParams, request).id;
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

  registerAgreementFileForm(app, {
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
    const { id } = parseParams(ZObjectParams, request);
    const dispute = await withTenant(services.db, commune.id, (trx) => findDispute(trx, id));
    if (!dispute) throw notFound("Cette réclamation n'existe pas.");
    return dispute;
  };

  registerAgreementFileForm(app, {
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
      const disputeId = parseParams(ZObjectParams, request).id;
      const result = await answerDispute(services, { commune, actor, disputeId, ...data });
      if (!result.ok && 'notFound' in result) throw notFound("Cette réclamation n'existe pas.");
      return result.ok ? { ok: true, done: 'reponse' } : result;
    },
  });
}
