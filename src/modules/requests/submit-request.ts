import { randomUUID } from 'node:crypto';
import type { CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import { moduleState } from '../../platform/app-module/module-state.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { parisDay, parisYear } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { parseSettings } from '../catalogue/index.ts';
import {
  type Answers,
  checkAnswers,
  isEmailAddress,
  isPointAnswer,
  normaliseFrenchPhone,
  type PendingUpload,
  type RawAnswers,
  visibility,
} from '../forms/index.ts';
import { loadWorkflow, SIMPLE_WORKFLOW } from '../workflows/index.ts';
import { isServedPoint } from './routing/commune-boundaries.ts';
import { routeRequest } from './routing/route-request.ts';
import { storeSubmissions } from './store-submissions.ts';
import {
  newTrackingCode,
  type PreparedSubmission,
  type SubmitRequestOptions,
  type SubmitResult,
} from './submission.ts';

/** A submission as a channel hands it over: the web form's draft, or the JSON API's body. */
export type SubmissionInput = Omit<SubmitRequestOptions, 'answers' | 'uploads' | 'contact'> & {
  /** The answers already held (a draft's), and what the channel sent now (the API's), checked together. */
  answers: { known: Answers; raw?: RawAnswers };
  /** As typed; a signed-in citizen's acknowledgement goes to their account's address. */
  contact: { email: string; sms: string };
};

/** Why a submission was not taken, for each channel to say in its own words. */
export type InvalidSubmission = {
  answers: { errors: FieldErrors; pages: Record<string, number> };
  contactEmail: 'missing' | 'invalid' | null;
  sms: 'invalid' | null;
};

export type SubmissionOutcome = { ok: true; result: SubmitResult } | { ok: false; invalid: InvalidSubmission };

/**
 * Submits a request, in the order it happens:
 * 1. validate — every answer against the form version the request pins (an earlier answer may have revealed a
 *    required question), and where the acknowledgement goes;
 * 2. route — the competent administration (owner, or commune of the location and the category's competence), and
 *    the workflow the request will follow;
 * 3. store — the group commit numbers it and writes it with the requests submitted at the same moment, with the first
 *    step of its timeline (storeSubmissions, then the repository's batched insert);
 * 4. enqueue — in that same statement, the job that follows it: its acknowledgement e-mail, the agents'
 *    notification, its search entry.
 * A repeated submission with the same idempotency key returns the first request.
 */
export async function submitRequest(services: Services, input: SubmissionInput): Promise<SubmissionOutcome> {
  const checked = await checkSubmission(services, input);
  if (!checked.ok) return checked;
  const { answers: _typed, contact: _typedContact, ...submission } = input;

  const settings = parseSettings(input.eservice);
  const routing = await routeRequest({
    db: services.db,
    tenants: services.tenants,
    owner: input.provider,
    settings,
    answers: checked.answers,
  });
  const holder = await services.tenants.byId(routing.holderTenantId);
  if (!holder) throw new Error('routing chose an unknown tenant');
  const workflow = input.eservice.workflow_version_id
    ? await loadWorkflow(services.db, input.eservice.workflow_version_id)
    : SIMPLE_WORKFLOW;

  const receivedAt = services.clock.now();
  const result = await services.states.get(submissionQueueState).submit({
    ...submission,
    answers: checked.answers,
    uploads: checked.uploads,
    contact: checked.contact,
    legal: settings.legal,
    routing,
    holder,
    workflow,
    receivedAt,
    year: parisYear(receivedAt),
    id: randomUUID(),
    trackingCode: newTrackingCode(),
    // A repeated key is caught by the unique index when inserting (no look-up first: one query less per submission).
    scope: input.citizen ? `user:${input.citizen.userId}` : 'anonymous',
  });
  return { ok: true, result };
}

/**
 * A submission that must be taken (the demo's, a test's): its answers are checked like any other, and a refusal is a
 * mistake of the caller, thrown.
 */
export async function submitValidRequest(
  services: Services,
  options: Omit<SubmitRequestOptions, 'uploads'>,
): Promise<SubmitResult> {
  const { answers, contact, ...rest } = options;
  const outcome = await submitRequest(services, {
    ...rest,
    answers: { known: answers },
    contact: { email: contact.email, sms: contact.sms ?? '' },
  });
  if (!outcome.ok) throw new Error(`submission refused: ${JSON.stringify(outcome.invalid)}`);
  return outcome.result;
}

/**
 * The first step of a submission alone: the answers and the contact details as they would be taken, or why not (the
 * JSON API also uses it to report every problem of a call it refuses for other reasons).
 */
export async function checkSubmission(
  services: Services,
  input: SubmissionInput,
): Promise<
  | { ok: true; answers: Answers; uploads: PendingUpload[]; contact: SubmitRequestOptions['contact'] }
  | { ok: false; invalid: InvalidSubmission }
> {
  const check = await checkAnswers(input.form.definition, input.answers.raw ?? {}, {
    known: input.answers.known,
    today: parisDay(services.clock.now()),
  });
  const contact = checkContact(input.citizen, input.contact);
  await checkServedLocation(services, input, check);
  if (Object.keys(check.errors).length === 0 && contact.ok) {
    return { ok: true, answers: check.answers, uploads: check.uploads, contact: contact.contact };
  }
  return {
    ok: false,
    invalid: {
      answers: { errors: check.errors, pages: check.errorPages },
      contactEmail: contact.ok ? null : contact.email,
      sms: contact.ok ? null : contact.sms,
    },
  };
}

/**
 * A request routed by its location must be located where some administration of the platform can take it: a point
 * far outside every known commune (a mistyped coordinate, or another city) is refused on its field, not silently
 * handed to the provider.
 */
async function checkServedLocation(
  services: Services,
  input: SubmissionInput,
  check: { answers: Answers; errors: FieldErrors; errorPages: Record<string, number> },
): Promise<void> {
  const routing = parseSettings(input.eservice).routing;
  if (routing.mode !== 'territorial' || check.errors[routing.locationField]) return;
  const location = check.answers[routing.locationField];
  if (!isPointAnswer(location) || (await isServedPoint(services.db, location))) return;
  check.errors[routing.locationField] =
    'Ce lieu se trouve hors du territoire de la Métropole de Lyon et de ses communes : cette démarche ne peut pas le traiter. Vérifiez la latitude et la longitude (par exemple 45,7640 et 4,8357 à Lyon), ou adressez-vous à la mairie du lieu.';
  check.errorPages[routing.locationField] =
    visibility(input.form.definition, check.answers).get(routing.locationField)?.page ?? 0;
}

/** Where the acknowledgement and the notifications go: the account's address, or the one typed; SMS if asked. */
function checkContact(
  citizen: CitizenPrincipal | null,
  typed: { email: string; sms: string },
):
  | { ok: true; contact: { email: string; sms: string | null } }
  | { ok: false; email: InvalidSubmission['contactEmail']; sms: InvalidSubmission['sms'] } {
  const email = citizen ? citizen.email : typed.email.trim();
  const emailProblem = citizen || isEmailAddress(email) ? null : email ? 'invalid' : 'missing';
  const sms = typed.sms.trim() ? normaliseFrenchPhone(typed.sms) : null;
  const smsProblem = typed.sms.trim() && !sms ? 'invalid' : null;
  if (emailProblem || smsProblem) return { ok: false, email: emailProblem, sms: smsProblem };
  return { ok: true, contact: { email, sms } };
}

/**
 * One group commit per application. The embedded database has one connection: two batches at once would only queue
 * behind each other.
 */
export const submissionQueueState = moduleState(
  'requests.submissions',
  (services) =>
    new GroupCommit<PreparedSubmission, SubmitResult>((items) => storeSubmissions(services, items), {
      maxBatch: 64,
      maxInFlight: services.database.kind === 'pglite' ? 1 : 4,
    }),
);
