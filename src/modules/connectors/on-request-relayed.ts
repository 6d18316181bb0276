import { subscribe } from '../../platform/events/domain-events.ts';
import { type Answers, isAddressAnswer, isFileAnswer, isPointAnswer } from '../forms/index.ts';
import { requestRelayed } from '../requests/index.ts';
import { deliverRequestJob, type DeliveryJobPayload } from './deliver-request.job.ts';

/**
 * A request relayed to a Connecté commune is also handed to its own system: the delivery job is enqueued in the
 * submission's transaction (committed with the request or not at all) and runs within seconds. Whether the commune
 * has a connector in force is the job's question: the configuration is the commune's row, outside the holder's scope.
 * The commune that receives it is the competent one, whose offer decides: an agent's re-routing keeps the place's
 * commune on the decision, and that one may be another (a member processing its requests here, for instance).
 */
export const deliverRelayedRequest = subscribe(
  requestRelayed,
  async ({ holder, request, eservice, routing }, { trx, services }) => {
    const slug = routing.competent.tenantSlug;
    const competent = slug ? await services.tenants.bySlug(slug) : undefined;
    if (!slug || competent?.kind !== 'commune' || competent.offers.subscriptions.toodego !== 'connecte') return;
    const payload: DeliveryJobPayload = {
      holderTenantId: holder.id,
      communeSlug: slug,
      requestId: request.id,
      content: {
        number: request.number,
        submittedAt: request.submittedAt.toISOString(),
        service: eservice,
        commune: { inseeCode: competent.insee_code ?? null, name: competent.name },
        email: request.contactEmail,
        location: locationOf(request.answers),
        ...describe(request.answers),
      },
    };
    await services.jobs.enqueue(trx, deliverRequestJob, payload, {
      tenantId: holder.id,
      dedupeKey: `connector:${request.id}`,
    });
  },
);

function locationOf(answers: Answers): { lat: number; lon: number } | null {
  const point = Object.values(answers).find(isPointAnswer);
  return point ? { lat: point.lat, lon: point.lon } : null;
}

/** The answers as plain text attributes, and a description: the field named so, or every answer in one text. */
function describe(answers: Answers): { description: string; attributes: Record<string, string> } {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(answers)) {
    if (isPointAnswer(value) || isFileAnswer(value)) continue;
    attributes[key] = isAddressAnswer(value)
      ? `${value.street}, ${value.postcode} ${value.city}`
      : Array.isArray(value)
        ? value.join(', ')
        : String(value);
  }
  const description =
    attributes.description ??
    Object.entries(attributes)
      .map(([key, value]) => `${key} : ${value}`)
      .join('\n');
  return { description, attributes };
}
