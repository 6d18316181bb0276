import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import type { EServiceRow } from '../catalogue/index.ts';
import { type Answers, type LoadedForm, renewAppointmentHolds } from '../forms/index.ts';
import type { CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import { findRequestHolder } from './requests.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';
import { checkAccess } from './start-draft.ts';
import type { SubmitResult } from './submission.ts';
import { type InvalidSubmission, submitRequest } from './submit-request.ts';

export type SubmitDraftOptions = {
  draft: RequestDraftRow;
  eservice: EServiceRow;
  provider: ResolvedTenant;
  form: LoadedForm;
  citizen: CitizenPrincipal | null;
  /** From the review page: where to send the acknowledgement (anonymous), and an optional phone for SMS. */
  contactEmail: string;
  sms: string;
  /** The hidden field of the review page; must be the draft's own. */
  idempotencyKey: string;
};

export type SubmitDraftResult =
  | { kind: 'submitted'; result: SubmitResult }
  | { kind: 'already-submitted'; requestId: string; holder: ResolvedTenant }
  /** Answers to correct first (the earliest page with an error), else the review page's own fields. */
  | { kind: 'invalid'; errors: FieldErrors; page: { index: number; errors: FieldErrors } | null }
  | { kind: 'refused'; reason: string };

/**
 * Sends a draft from its review page: the draft's own checks (sent already, the page's key, access), then the
 * submission, which checks every answer again; a draft sent twice (reload, double click) gives back its one request.
 */
export async function submitDraft(services: Services, options: SubmitDraftOptions): Promise<SubmitDraftResult> {
  const { draft, eservice, provider, form, citizen } = options;
  if (draft.submitted_request_id) {
    const request = await findSubmitted(services, draft.submitted_request_id);
    if (request) return { kind: 'already-submitted', ...request };
  }
  if (options.idempotencyKey !== draft.idempotency_key)
    return { kind: 'refused', reason: 'Ce formulaire ne correspond plus à votre brouillon : rechargez la page.' };
  const refusal = await checkAccess(services, eservice, citizen);
  if (refusal) return { kind: 'refused', reason: refusal };

  // Held appointment times are kept on until the request confirms them (one that ran out is taken again if free).
  const holds = await renewAppointmentHolds(services, {
    definition: form.definition,
    answers: draft.answers as Answers,
  });
  if (Object.keys(holds.errors).length) {
    const first = Math.min(...Object.values(holds.pages));
    return { kind: 'invalid', errors: {}, page: { index: first, errors: holds.errors } };
  }
  const outcome = await submitRequest(services, {
    eservice,
    provider,
    form,
    answers: { known: draft.answers as Answers },
    citizen,
    contact: { email: options.contactEmail, sms: options.sms },
    idempotency: { key: draft.idempotency_key, fingerprint: `draft:${draft.id}` },
    draft: { id: draft.id, tenantId: draft.tenant_id },
  });
  if (!outcome.ok) return invalidDraft(outcome.invalid);
  return { kind: 'submitted', result: outcome.result };
}

/** What to correct first: the earliest page with an error, else the review page's own fields. */
function invalidDraft(invalid: InvalidSubmission): SubmitDraftResult {
  const errors: FieldErrors = {};
  if (invalid.contactEmail === 'invalid')
    errors.contact_email = 'Saisissez une adresse électronique valide, par exemple prenom.nom@example.org.';
  if (invalid.contactEmail === 'missing')
    errors.contact_email = "Saisissez votre adresse électronique : l'accusé de réception et le suivi y seront envoyés.";
  if (invalid.sms)
    errors.sms =
      'Saisissez un numéro de téléphone portable français, par exemple 06 12 34 56 78, ou laissez ce champ vide.';
  const pages = Object.values(invalid.answers.pages);
  if (pages.length === 0) return { kind: 'invalid', errors, page: null };
  const first = Math.min(...pages);
  const pageErrors = Object.fromEntries(
    Object.entries(invalid.answers.errors).filter(([key]) => invalid.answers.pages[key] === first),
  );
  return { kind: 'invalid', errors, page: { index: first, errors: pageErrors } };
}

async function findSubmitted(
  services: Services,
  requestId: string,
): Promise<{ requestId: string; holder: ResolvedTenant } | undefined> {
  // The request may be held by another tenant than the draft's (routing): only its holder is needed here.
  const holderId = await findRequestHolder(services.db, requestId);
  const holder = holderId ? await services.tenants.byId(holderId) : undefined;
  return holder ? { requestId, holder } : undefined;
}
