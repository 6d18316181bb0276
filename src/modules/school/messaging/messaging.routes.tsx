import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { uploadOf } from '../../../platform/files/checked-upload.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { requireOperator } from '../../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery, UPLOAD_ROUTE } from '../../../platform/http/route-input.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { checkSchoolUpload } from '../documents/check-upload.ts';
import { type NamedMember, listSpaceMembers } from '../members.repo.ts';
import { mayManageSchool } from '../portal-rights.ts';
import { ZUai } from '../portal.routes.tsx';
import { requireSchoolMember, type SchoolMember } from '../school-access.ts';
import type { Profile } from '../school.tables.ts';
import { actorOf, fieldStrings, sendStoredFile } from '../spaces-input.ts';
import {
  ComposePage,
  type ComposePageProps,
  GlobalSwitchPage,
  MailboxPage,
  MessagePage,
  ModerationPage,
  type RecipientGroup,
  recipientField,
} from '../views/messaging-pages.tsx';
import {
  findGlobalSuspension,
  findMessageFor,
  findSchoolSuspension,
  findSuspension,
  isReportedAttachment,
  listReceived,
  listReports,
  listSent,
  markRead,
} from './messaging.repo.ts';
import { closeMessageReport, reportMessage } from './report-message.ts';
import { sendMessage } from './send-message.ts';
import { maySend } from './send-rules.ts';
import { switchAllMessaging, switchSchoolMessaging } from './suspend-messaging.ts';

const ZSchoolParams = z.object({ uai: ZUai });
const ZMessageParams = z.object({ uai: ZUai, id: z.uuid() });
const ZNoticeQuery = z.object({
  fait: z.enum(['envoye', 'signale', 'deja', 'suspendue', 'retablie', 'traite']).optional().catch(undefined),
});
const NOTICES = {
  envoye: 'Le message est envoyé.',
  signale: "Le message est signalé à l'administration de l'école. Merci.",
  deja: 'Vous aviez déjà signalé ce message.',
  suspendue: 'La messagerie est suspendue : plus aucun message ne peut être envoyé.',
  retablie: 'La messagerie est rétablie.',
  traite: 'Le signalement est marqué comme traité.',
} as const;
const ZMessageForm = z.object({
  objet: z.string().trim().min(1, "Indiquez l'objet du message.").max(200, "L'objet : 200 caractères au plus."),
  texte: z.string().trim().min(1, 'Écrivez votre message.').max(10000, 'Le message : 10 000 caractères au plus.'),
});
const ZReportForm = z.object({
  motif: z
    .string({ error: 'Dites pourquoi vous signalez ce message.' })
    .trim()
    .min(1, 'Dites pourquoi vous signalez ce message.')
    .max(2000, 'Le motif : 2 000 caractères au plus.'),
});
const ZSwitchForm = z.object({ etat: z.enum(['suspendre', 'retablir'], { error: 'Action inconnue.' }) });
const GROUP_LABELS: Record<Profile, string> = {
  head: 'Direction',
  school_admin: "Administration de l'école",
  staff: "Personnels de l'école",
  teacher: 'Enseignants',
  pupil: 'Élèves',
  parent: 'Parents',
};

/** The people a member may write to, by profile (the send rules decide; see send-rules.ts). */
function recipientGroups(sender: NamedMember, members: NamedMember[]): RecipientGroup[] {
  return (Object.keys(GROUP_LABELS) as Profile[])
    .map((profile) => ({
      label: GROUP_LABELS[profile],
      people: members
        .filter((m) => m.profile === profile && maySend(sender, m))
        .map((m) => ({ id: m.personId, name: `${m.firstName} ${m.lastName}` })),
    }))
    .filter((g) => g.people.length > 0);
}

/** The school's messaging (issue 22 §1): mailboxes, writing, reading, reporting, and the kill switches. */
export function registerMessagingRoutes(app: FastifyInstance): void {
  const { services } = app;
  const mailbox = (box: 'received' | 'sent') => async (request: FastifyRequest, reply: FastifyReply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { school, member } = await requireSchoolMember(services, request, uai);
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const moderates = mayManageSchool(member.profile);
    const data = await withTenant(services.db, school.tenant_id, async (trx) => ({
      lines: await (box === 'received' ? listReceived : listSent)(trx, school.id, member.personId),
      suspension: await findSuspension(trx, school.id),
      openReports: moderates ? (await listReports(trx, school.id)).filter((r) => !r.closedAt).length : 0,
    }));
    return sendPage(request, reply, (context) =>
      MailboxPage({
        context,
        school,
        box,
        ...data,
        moderates,
        notice: notice ? NOTICES[notice] : undefined,
      }),
    );
  };
  app.get('/ecole/:uai/messagerie', mailbox('received'));
  app.get('/ecole/:uai/messagerie/envoyes', mailbox('sent'));

  async function compose(
    access: SchoolMember,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
  ): Promise<Omit<ComposePageProps, 'context'>> {
    const { school, member } = access;
    return withTenant(services.db, school.tenant_id, async (trx) => ({
      school,
      groups: recipientGroups(member, await listSpaceMembers(trx, school.id)),
      suspension: await findSuspension(trx, school.id),
      values,
      errors,
    }));
  }

  app.get('/ecole/:uai/messagerie/nouveau', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const props = await compose(await requireSchoolMember(services, request, uai), {}, {});
    return sendPage(request, reply, (context) => ComposePage({ context, ...props }));
  });

  app.post('/ecole/:uai/messagerie', UPLOAD_ROUTE, async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const access = await requireSchoolMember(services, request, uai);
    const form = parseForm(ZMessageForm, request.body);
    const recipients = fieldStrings(request.body, 'destinataires');
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if (recipients.length === 0) errors.destinataires = 'Choisissez au moins un destinataire.';
    const upload = await uploadOf(request.body, 'piece');
    let attachment: { name: string; type: string; bytes: Buffer } | null = null;
    if (upload && upload.bytes.byteLength > 0) {
      const checked = await checkSchoolUpload(upload);
      if (!checked.ok) errors.piece = checked.error;
      else attachment = { name: upload.filename.slice(0, 200), type: checked.type.mediaType, bytes: upload.bytes };
    }
    const redraw = async (status: number) => {
      const values: Record<string, string | string[]> = { ...form.values };
      const groups = (await compose(access, {}, {})).groups;
      groups.forEach((g, index) => {
        values[recipientField(index)] = recipients.filter((id) => g.people.some((p) => p.id === id));
      });
      const props = await compose(access, values, errors);
      return sendPage(request, reply, (context) => ComposePage({ context, ...props }), status);
    };
    if (!form.ok || Object.keys(errors).length) return redraw(422);
    const outcome = await sendMessage(services, {
      school: access.school,
      sender: access.member,
      recipientIds: recipients,
      subject: form.data.objet,
      body: form.data.texte,
      attachment,
      actor: actorOf(request, access.user),
    });
    if (!outcome.ok && outcome.reason === 'suspended') return redraw(423);
    if (!outcome.ok) {
      errors.destinataires =
        "Vous ne pouvez pas écrire à certaines des personnes choisies (règles de la messagerie de l'école).";
      return redraw(422);
    }
    return redirectWithin(request, reply, `/ecole/${uai}/messagerie/envoyes?fait=envoye`);
  });

  app.get('/ecole/:uai/messagerie/moderation', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { school, member } = await requireSchoolMember(services, request, uai);
    if (!mayManageSchool(member.profile)) throw notFound();
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const data = await withTenant(services.db, school.tenant_id, async (trx) => {
      const suspension = await findSuspension(trx, school.id);
      return {
        global: suspension?.scope === 'global' ? suspension : undefined,
        own: await findSchoolSuspension(trx, school.id),
        reports: await listReports(trx, school.id),
      };
    });
    return sendPage(request, reply, (context) =>
      ModerationPage({ context, school, ...data, notice: notice ? NOTICES[notice] : undefined }),
    );
  });

  app.post('/ecole/:uai/messagerie/suspension', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { school, member, user } = await requireSchoolMember(services, request, uai);
    if (!mayManageSchool(member.profile)) throw notFound();
    const { etat } = parseBody(ZSwitchForm, request);
    await switchSchoolMessaging(services, { school, suspend: etat === 'suspendre', actor: actorOf(request, user) });
    return redirectWithin(
      request,
      reply,
      `/ecole/${uai}/messagerie/moderation?fait=${etat === 'suspendre' ? 'suspendue' : 'retablie'}`,
    );
  });

  app.post('/ecole/:uai/messagerie/signalements/:id/traite', async (request, reply) => {
    const { uai, id } = parseParams(ZMessageParams, request);
    const { school, member, user } = await requireSchoolMember(services, request, uai);
    if (!mayManageSchool(member.profile)) throw notFound();
    if (!(await closeMessageReport(services, { school, reportId: id, actor: actorOf(request, user) })))
      throw notFound("Ce signalement n'existe pas ou est déjà traité.");
    return redirectWithin(request, reply, `/ecole/${uai}/messagerie/moderation?fait=traite`);
  });

  app.get('/ecole/:uai/messagerie/:id', async (request, reply) => {
    const { uai, id } = parseParams(ZMessageParams, request);
    const { school, member } = await requireSchoolMember(services, request, uai);
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const message = await withTenant(services.db, school.tenant_id, async (trx) => {
      const found = await findMessageFor(trx, school.id, id, member.personId);
      if (found) await markRead(trx, found.id, member.personId, services.clock.now());
      return found;
    });
    if (!message) throw notFound("Ce message n'existe pas.");
    return sendPage(request, reply, (context) =>
      MessagePage({
        context,
        school,
        message: {
          id: message.id,
          subject: message.subject,
          body: message.body,
          sender: message.sender,
          recipients: message.recipients,
          sentAt: message.sent_at,
          attachment:
            message.attachment_name && message.attachment_size
              ? { name: message.attachment_name, size: message.attachment_size }
              : null,
        },
        mayReport: message.sender_id !== member.personId,
        notice: notice ? NOTICES[notice] : undefined,
      }),
    );
  });

  app.get('/ecole/:uai/messagerie/:id/piece', async (request, reply) => {
    const { uai, id } = parseParams(ZMessageParams, request);
    const { school, member } = await requireSchoolMember(services, request, uai);
    // Its sender and recipients, and the school's administrators once it is reported (the evidence).
    const message = await withTenant(
      services.db,
      school.tenant_id,
      async (trx) =>
        (await findMessageFor(trx, school.id, id, member.personId)) ??
        (mayManageSchool(member.profile) ? await isReportedAttachment(trx, school.id, id) : undefined),
    );
    if (!message?.attachment_sha256 || !message.attachment_name || !message.attachment_type)
      throw notFound("Cette pièce jointe n'existe pas.");
    return sendStoredFile(services, reply, {
      sha256: message.attachment_sha256,
      name: message.attachment_name,
      type: message.attachment_type,
    });
  });

  app.post('/ecole/:uai/messagerie/:id/signalement', async (request, reply) => {
    const { uai, id } = parseParams(ZMessageParams, request);
    const { school, member, user } = await requireSchoolMember(services, request, uai);
    const { motif } = parseBody(ZReportForm, request);
    const outcome = await reportMessage(services, {
      school,
      messageId: id,
      reporterId: member.personId,
      reason: motif,
      moderationUrl: `${services.config.publicUrl}${request.basePath}/ecole/${uai}/messagerie/moderation`,
      actor: actorOf(request, user),
    });
    if (outcome === 'not_found') throw notFound("Ce message n'existe pas.");
    return redirectWithin(
      request,
      reply,
      `/ecole/${uai}/messagerie/${id}?fait=${outcome === 'reported' ? 'signale' : 'deja'}`,
    );
  });

  app.get('/admin/ecoles/messagerie', async (request, reply) => {
    requireOperator(request);
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const suspension = await findGlobalSuspension(services.db);
    return sendPage(request, reply, (context) =>
      GlobalSwitchPage({ context, suspension, notice: notice ? NOTICES[notice] : undefined }),
    );
  });

  app.post('/admin/ecoles/messagerie', async (request, reply) => {
    const user = requireOperator(request);
    const { etat } = parseBody(ZSwitchForm, request);
    await switchAllMessaging(services, { suspend: etat === 'suspendre', actor: actorOf(request, user) });
    return redirectWithin(
      request,
      reply,
      `/admin/ecoles/messagerie?fait=${etat === 'suspendre' ? 'suspendue' : 'retablie'}`,
    );
  });
}
