import type { Executor } from '../../platform/db/tenant-scope.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { Acknowledgement } from './acknowledgement.ts';
import { type CitizenNotification, notifyCitizen, type Recipient } from './notifications/channels.ts';
import type { SubmittedRequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';
import { requestPath } from './submission.ts';

export async function recipientOf(db: Executor, request: SubmittedRequestRow): Promise<Recipient> {
  const account = request.citizen_user_id ? await findAccountById(db, request.citizen_user_id) : undefined;
  return { email: request.contact_email, sms: request.contact_sms, displayName: account?.display_name ?? null };
}

export function signatureOf(request: SubmittedRequestRow): string {
  const routing = request.routing as RoutingDecision;
  return `${routing.competent.office.name} — ${routing.competent.name}`;
}

/**
 * Tells the citizen about a step of their request, on every channel they gave (e-mail, SMS), in the caller's
 * transaction. The dedupe key names the event, so a replayed event notifies once.
 */
export async function notifyRequestEvent(
  db: Executor,
  services: Services,
  holder: ResolvedTenant,
  request: SubmittedRequestRow,
  event:
    | { kind: 'status'; label: string; note: string | null; eventId: string }
    | { kind: 'message'; from: string; eventId: string },
): Promise<string[]> {
  const title = (request.acknowledgement as Acknowledgement).serviceTitle;
  const url = `${services.config.publicUrl}${requestPath(holder, request)}`;
  const notification: CitizenNotification =
    event.kind === 'status'
      ? {
          subject: `Votre demande n° ${request.number} : ${event.label}`,
          paragraphs: [
            `Votre demande « ${title} » (n° ${request.number}) a changé d'étape : ${event.label}.`,
            ...(event.note ? [`Précision du service : ${event.note}`] : []),
          ],
          action: { label: 'Voir votre demande', url },
          signature: signatureOf(request),
          sms: `Demande ${request.number} : ${event.label}. Détails : ${url}`,
        }
      : {
          subject: `Nouveau message au sujet de votre demande n° ${request.number}`,
          paragraphs: [
            `${event.from} vous a écrit au sujet de votre demande « ${title} » (n° ${request.number}).`,
            'Lisez le message et répondez depuis la page de votre demande.',
          ],
          action: { label: 'Lire le message', url },
          signature: signatureOf(request),
          sms: `Nouveau message sur votre demande ${request.number} : ${url}`,
        };
  return notifyCitizen(db, services.jobs, await recipientOf(db, request), notification, {
    tenantId: holder.id,
    dedupeKey: `notify:${request.id}:${event.kind}:${event.eventId}`,
  });
}
