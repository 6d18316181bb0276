import type { Transaction } from 'kysely';
import { type NotificationKind, wantsEmail } from '../../platform/app-module/app-module.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { Acknowledgement } from './acknowledgement.ts';
import { type CitizenNotification, notifyCitizen, type Recipient } from './delivery/channels.ts';
import { citizenNotified } from './request-events.ts';
import type { SubmittedRequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';
import { requestPath } from './submission.ts';

async function recipientOf(db: Executor, request: SubmittedRequestRow): Promise<Recipient> {
  const account = request.citizen_user_id ? await findAccountById(db, request.citizen_user_id) : undefined;
  return { email: request.contact_email, sms: request.contact_sms, displayName: account?.display_name ?? null };
}

export function signatureOf(request: SubmittedRequestRow): string {
  const routing = request.routing as RoutingDecision;
  return `${routing.competent.office.name} — ${routing.competent.name}`;
}

/**
 * Tells the citizen something about their request, in the caller's transaction: on every channel they gave (e-mail
 * unless their account turned e-mails of this kind off, SMS), and, for an account, in the app (the event). The dedupe
 * key names the news, so a replay tells once. Returns the channels used.
 */
export async function tellCitizen(
  trx: Transaction<DB>,
  services: Services,
  holder: ResolvedTenant,
  request: SubmittedRequestRow,
  kind: NotificationKind,
  notification: CitizenNotification,
  dedupeKey: string,
): Promise<string[]> {
  const to = await recipientOf(trx, request);
  const userId = request.citizen_user_id;
  const emailOff = userId !== null && !(await wantsEmail(services, trx, userId, kind));
  const used = await notifyCitizen(trx, services.jobs, emailOff ? { ...to, email: null } : to, notification, {
    tenantId: holder.id,
    dedupeKey,
  });
  if (userId) {
    const path = requestPath(holder, request);
    await services.events.emit(trx, citizenNotified, {
      ...{ holder, requestId: request.id, userId, kind, title: notification.subject, path, key: dedupeKey },
    });
  }
  return used;
}

/** Tells the citizen about a step of their request or a message from the administration (see tellCitizen). */
export async function notifyRequestEvent(
  db: Transaction<DB>,
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
  return tellCitizen(
    db,
    services,
    holder,
    request,
    event.kind,
    notification,
    `notify:${request.id}:${event.kind}:${event.eventId}`,
  );
}
