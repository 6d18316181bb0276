import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { sendPage } from '../../platform/http/render.tsx';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { providerOf } from '../catalogue/index.ts';
import { type FileUpload, rawFromHtml } from '../forms/index.ts';
import type { Acknowledgement } from './acknowledgement.ts';
import { postCitizenMessage } from './post-citizen-message.ts';
import { buildRequestView, competentProvider, providerOfEService } from './request-view.ts';
import { listAttachments } from './requests.repo.ts';
import type { RequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';
import { requestPath } from './submission.ts';
import { AcknowledgementPage } from './views/dashboard-pages.tsx';
import { RequestPage } from './views/request-page.tsx';

/** The notices a page shows after a redirect (`?fait=…`). */
export const NOTICES: Record<string, string> = {
  brouillon: 'Votre brouillon est enregistré : reprenez-le quand vous voulez.',
  supprime: 'Le brouillon est supprimé.',
  message: 'Votre message est envoyé.',
};

/** A request as its citizen sees it (from their dashboard, or through its tracking code): timeline, messages. */
export async function sendRequestPage(
  request: FastifyRequest,
  reply: FastifyReply,
  row: RequestRow,
  options: { notice?: string; value?: string; errors?: FieldErrors } = {},
) {
  const view = await buildRequestView(request.server.services, request.tenant, row);
  const errors = options.errors ?? {};
  return sendPage(
    request,
    reply,
    (context) =>
      RequestPage({
        context,
        view,
        base: requestPath(request.tenant, row),
        fromDashboard: row.citizen_user_id !== null,
        message: { value: options.value ?? '', errors },
        notice: options.notice ? (NOTICES[options.notice] ?? null) : null,
      }),
    Object.keys(errors).length ? 422 : 200,
  );
}

/** The acknowledgement as it was issued. */
export async function sendAcknowledgementPage(request: FastifyRequest, reply: FastifyReply, row: RequestRow) {
  const { services } = request.server;
  const routing = row.routing as RoutingDecision;
  const provider = (await providerOfEService(services, row.eservice_id)) ?? providerOf(request.tenant);
  const competent = await competentProvider(services, routing);
  return sendPage(request, reply, (context) =>
    AcknowledgementPage({
      context,
      acknowledgement: row.acknowledgement as Acknowledgement,
      requestHref: requestPath(request.tenant, row),
      competent,
      provider,
      contactEmail: row.contact_email,
    }),
  );
}

/** The citizen writes about their request, with an optional attachment; the page comes back with errors if any. */
export async function postMessageFromPage(
  request: FastifyRequest,
  reply: FastifyReply,
  row: RequestRow,
  author: { userId: string | null; label: string },
  body: string,
) {
  // The form engine reads the attachment (checked by content) from the body, like a form's file field.
  const raw = await rawFromHtml(
    [
      {
        type: 'file',
        key: 'piece',
        label: 'Pièce jointe',
        required: false,
        accept: ['image', 'pdf'],
        maxBytes: 5 * 1024 * 1024,
      },
    ],
    request.body,
  );
  const result = await postCitizenMessage(request.server.services, {
    holder: request.tenant,
    request: row,
    authorUserId: author.userId,
    authorLabel: author.label,
    body,
    upload: raw.piece as FileUpload | undefined,
  });
  if (!result.ok) return sendRequestPage(request, reply, row, { value: body.slice(0, 6000), errors: result.errors });
  return reply.redirect(`${requestPath(request.tenant, row)}?fait=message#messages`, 303);
}

/** A document of the request, as a download. */
export async function sendDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  holder: ResolvedTenant,
  row: RequestRow,
  attachmentId: string,
) {
  const { services } = request.server;
  const attachments = await withTenant(services.db, holder.id, (trx) => listAttachments(trx, row.id));
  const attachment = attachments.find((a) => a.id === attachmentId);
  const bytes = attachment ? await services.files.get(attachment.sha256) : undefined;
  if (!attachment || !bytes) throw notFound("Ce document n'existe pas.");
  return reply
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`)
    .header('x-content-type-options', 'nosniff')
    .type(attachment.mediaType)
    .send(bytes);
}
