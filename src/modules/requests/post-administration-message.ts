import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { type TenantTransaction, withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import type { FileUpload } from '../forms/index.ts';
import { notifyRequestEvent } from './citizen-notifications.ts';
import { type CheckedMessage, checkMessage, storeMessage } from './message-input.ts';
import { findRequest, touchRequest } from './requests.repo.ts';

export type PostAdministrationMessageOptions = {
  holder: ResolvedTenant;
  requestId: string;
  actor: AuditActor;
  /** How the citizen sees the author: a service's name rather than an agent's (agents may stay anonymous). */
  authorLabel: string;
  body: string;
  upload?: FileUpload | undefined;
};

/**
 * The competent administration writes to the citizen about a request and the citizen is notified. The
 * agents' back-office calls this; until then, tests and the demo do.
 */
export async function postAdministrationMessage(
  services: Services,
  options: PostAdministrationMessageOptions,
): Promise<{ ok: true; notified: string[] } | { ok: false; errors: FieldErrors } | { ok: false; reason: 'not-found' }> {
  const checked = await checkMessage(options.body, options.upload);
  if (!checked.ok) return checked;
  return withTenant(services.db, options.holder.id, (trx) =>
    writeAdministrationMessage(trx, services, options, checked),
  );
}

/**
 * The same, in the caller's transaction in the holder's scope, for a module that records something with the message
 * (a moderation and its word to the author commit together). A message without a file.
 */
export async function postAdministrationMessageWithin(
  trx: TenantTransaction,
  services: Services,
  options: Omit<PostAdministrationMessageOptions, 'upload'>,
): Promise<{ ok: true; notified: string[] } | { ok: false; errors: FieldErrors } | { ok: false; reason: 'not-found' }> {
  const checked = await checkMessage(options.body, undefined);
  if (!checked.ok) return checked;
  return writeAdministrationMessage(trx, services, options, checked);
}

async function writeAdministrationMessage(
  trx: TenantTransaction,
  services: Services,
  options: Omit<PostAdministrationMessageOptions, 'upload'>,
  checked: { message: CheckedMessage },
): Promise<{ ok: true; notified: string[] } | { ok: false; reason: 'not-found' }> {
  const now = services.clock.now();
  const request = await findRequest(trx, options.requestId);
  if (!request) return { ok: false as const, reason: 'not-found' as const };
  const message = await storeMessage(trx, services, {
    tenantId: options.holder.id,
    requestId: request.id,
    author: 'administration',
    authorUserId: options.actor.userId,
    authorLabel: options.authorLabel,
    message: checked.message,
    at: now,
  });
  await touchRequest(trx, request.id, now);
  await recordAudit(trx, {
    actor: options.actor,
    tenantId: options.holder.id,
    action: 'request.message.post',
    target: { type: 'request', id: request.id },
    details: { number: request.number, message: message.id },
    at: now,
  });
  const notified = await notifyRequestEvent(trx, services, options.holder, request, {
    kind: 'message',
    from: options.authorLabel,
    eventId: message.id,
  });
  return { ok: true as const, notified };
}
