import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { AppError, type FieldProblem, notFound } from '../../platform/http/errors.ts';
import { fieldLabels, loadFormVersion, normaliseFrenchPhone, rawFromJson, unknownKeys } from '../forms/index.ts';
import { resolveEService } from '../catalogue/index.ts';
import { citizenOf, type CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import { citizenStatusLabel } from './request-view.ts';
import { checkAccess } from './start-draft.ts';
import { requestPath } from './submission.ts';
import { checkSubmission, type InvalidSubmission, submitRequest } from './submit-request.ts';

const ZOffice = z.object({
  name: z.string(),
  email: z.string().optional(),
  postalAddress: z.string().optional(),
  phone: z.string(),
});

export const ZSubmission = z.object({
  number: z.string().describe('Numéro de la demande, unique, par année : MET-2026-000042'),
  trackingCode: z.string().describe('Code de suivi, pour suivre la demande sans compte'),
  submittedAt: z.string(),
  status: z.object({ key: z.string(), label: z.string() }),
  competentAdministration: z.object({ name: z.string(), kind: z.enum(['metropole', 'commune']), office: ZOffice }),
  routing: z.object({
    rule: z.string(),
    ruleLabel: z.string(),
    explanation: z.string(),
    channel: z.enum(['platform', 'email-relay']),
  }),
  acknowledgement: z.object({
    receivedAt: z.string(),
    implicitDecision: z
      .object({ rule: z.enum(['acceptance', 'rejection']), date: z.string(), delay: z.string() })
      .nullable(),
    paragraphs: z
      .array(z.string())
      .describe('Les mentions de l’accusé de réception (CRPA R112-11-1), telles qu’envoyées par courriel'),
  }),
  url: z.string().describe('Page de suivi de la demande'),
});

const ZSubmissionBody = z.object({
  answers: z
    .record(z.string(), z.unknown())
    .describe(
      'Réponses par clé de champ. Texte, courriel, téléphone, choix : chaîne ; nombre : nombre ; date : "AAAA-MM-JJ" ; choix multiples : tableau ; case : booléen ; adresse : { street, postcode, city } ; point : { lat, lon } ; fichier : { name, contentBase64 }.',
    ),
  contactEmail: z.string().max(254).optional().describe('Obligatoire sans compte : où envoyer l’accusé de réception'),
  sms: z.string().max(30).optional().describe('Numéro de portable pour être aussi prévenu par SMS'),
});

/**
 * What a call asked for, as a hash: the same key with another body is refused (409), the same body is a replay. The
 * contact details count as they will be kept (the account's address, the phone normalised).
 */
function fingerprintOf(answers: unknown, citizen: CitizenPrincipal | null, contact: { email: string; sms: string }) {
  const contactEmail = citizen ? citizen.email : contact.email.trim();
  const sms = contact.sms.trim() ? normaliseFrenchPhone(contact.sms) : null;
  return createHash('sha256').update(JSON.stringify({ answers, contactEmail, sms })).digest('hex');
}

/** A refused submission's problems, one per field, named as the API's body names them. */
function invalidFields(
  invalid: InvalidSubmission,
  labels: Record<string, string>,
  citizen: CitizenPrincipal | null,
): FieldProblem[] {
  const problems = Object.entries(invalid.answers.errors).map(([field, message]) => ({
    field: `answers.${field}`,
    message: `« ${labels[field] ?? field} » : ${message}`,
  }));
  if (!citizen && invalid.contactEmail)
    problems.push({
      field: 'contactEmail',
      message: "Adresse électronique obligatoire sans compte : l'accusé de réception y est envoyé.",
    });
  if (invalid.sms)
    problems.push({ field: 'sms', message: 'Numéro de portable français attendu, par exemple 06 12 34 56 78.' });
  return problems;
}

/** The requests' JSON API for a mobile app: the same submission as the web form, with the same guarantees. */
export function registerRequestApi(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;

  apiRoute(
    app,
    api,
    {
      method: 'POST',
      path: '/api/services/{slug}/requests',
      operationId: 'submitRequest',
      summary: 'Déposer une demande',
      description:
        "Dépose une demande et renvoie son numéro, son code de suivi, l'administration compétente et l'accusé de réception (envoyé aussi par courriel). " +
        "L'en-tête `Idempotency-Key` (8 à 100 caractères, une valeur par demande) est obligatoire : la même clé renvoie la même demande, jamais deux. " +
        "Authentification : jeton d'accès de l'usager (GrandLyon Connect, code d'autorisation avec PKCE, portée openid, en-tête `Authorization: Bearer`), ou session ; sans authentification là où la démarche l'accepte (contactEmail obligatoire alors). " +
        'Réponses invalides : 422 avec une erreur par champ.',
      tag: 'Démarches',
      access: 'public',
      // Anonymous where the e-service allows it; otherwise the citizen's session or their access token.
      security: [{}, { session: [] }, { openIdConnect: ['openid'] }],
      rateLimitPerMinute: 120,
      bodyLimit: 8 * 1024 * 1024,
      params: z.object({ slug: z.string().regex(/^[a-z0-9-]+$/, 'Identifiant de démarche invalide') }),
      body: ZSubmissionBody,
      responses: {
        201: {
          description: 'Demande déposée (ou déjà déposée avec cette clé : en-tête Idempotent-Replayed)',
          schema: ZSubmission,
        },
        401: { description: 'La démarche demande un compte' },
        404: { description: 'Aucune démarche de ce nom' },
        409: { description: 'Clé d’idempotence déjà utilisée pour une autre demande' },
        422: { description: 'Réponses invalides, une erreur par champ' },
      },
    },
    async (request, reply, { params, body }) => {
      const found = await resolveEService(services, request.tenant, params.slug);
      if (!found?.eservice.published_form_version_id) throw notFound('Aucune démarche ne porte cet identifiant.');
      const citizen = await citizenOf(request);
      const refusal = await checkAccess(services, found.eservice, citizen);
      if (refusal === 'login-required')
        throw new AppError('authentication_required', 'Cette démarche demande un compte : authentifiez-vous.');
      if (refusal === 'certified-required')
        throw new AppError('forbidden', 'Cette démarche demande une identité certifiée par FranceConnect.');
      if (refusal) throw notFound("Cette démarche n'est pas ouverte.");

      const problems: FieldProblem[] = [];
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string' || !/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
        problems.push({
          field: 'Idempotency-Key',
          message:
            "L'en-tête Idempotency-Key est obligatoire : 8 à 100 lettres, chiffres, « - », « _ », « . » ou « : », une valeur par demande.",
        });
      }
      const form = await loadFormVersion(services.db, found.eservice.published_form_version_id);
      for (const unknown of unknownKeys(form.definition, body.answers))
        problems.push({
          field: `answers.${unknown}`,
          message: "Ce champ n'existe pas dans le formulaire de cette démarche.",
        });
      const contact = { email: body.contactEmail ?? '', sms: body.sms ?? '' };
      const input = {
        eservice: found.eservice,
        provider: found.provider,
        form,
        answers: { known: {}, raw: rawFromJson(form.definition, body.answers) },
        citizen,
        contact,
        idempotency: {
          key: typeof key === 'string' ? key : '',
          fingerprint: fingerprintOf(body.answers, citizen, contact),
        },
      };
      // A call refused for its header or unknown fields is still checked whole: every problem is reported at once.
      const outcome = problems.length ? await checkSubmission(services, input) : await submitRequest(services, input);
      if (!outcome.ok) problems.push(...invalidFields(outcome.invalid, fieldLabels(form.definition), citizen));
      if (problems.length || !('result' in outcome))
        throw new AppError('validation_failed', 'Certaines réponses sont invalides.', { fields: problems });
      const { result } = outcome;
      const { request: row, routing, acknowledgement, holder } = result;
      const url = `${services.config.publicUrl}${requestPath(holder, row)}`;
      void reply.status(201).header('location', url);
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      const status = await citizenStatusLabel(services, row);
      return {
        number: row.number,
        trackingCode: row.tracking_code,
        submittedAt: row.submitted_at.toISOString(),
        status: { key: status.key, label: status.label },
        competentAdministration: {
          name: routing.competent.name,
          kind: routing.competent.kind,
          office: routing.competent.office,
        },
        routing: {
          rule: routing.ruleId,
          ruleLabel: routing.ruleLabel,
          explanation: routing.explanation,
          channel: routing.channel,
        },
        acknowledgement: {
          receivedAt: acknowledgement.receivedAt,
          implicitDecision: acknowledgement.implicitDecision,
          paragraphs: acknowledgement.paragraphs,
        },
        url,
      };
    },
  );
}
